package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Idempotent topic creation against any cluster (embedded or a container): existing topics are left as
 * they are, missing ones are created with the spec's configs, and the call returns only once every
 * partition of the created topics has a leader.
 */
public final class TopicsAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicsAdmin() {
    }

    /**
     * Creates the topics of {@code specs} that do not exist yet.
     *
     * @return the names of the topics this call created (empty if all existed)
     */
    public static List<String> createTopics(Admin admin, List<Topics.Spec> specs, int partitions, int replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be >= 1, was " + replicationFactor);
        }
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), partitions, (short) replicationFactor).configs(spec.configs()));
                }
            }
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    // Someone else created it between our listing and our request: fine.
                }
            }
            // Also after a restart: every partition must be served before anyone produces (an idempotent
            // producer whose first batch meets NOT_LEADER_OR_FOLLOWER can end in an endless
            // OUT_OF_ORDER_SEQUENCE retry loop).
            awaitLeaders(admin, names(specs));
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + names(specs), e);
        }
    }

    /** Whether each partition's leader answers: the leader role is taken locally after metadata says so. */
    private static boolean served(Admin admin, Map<String, TopicDescription> descriptions) throws InterruptedException {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new java.util.HashMap<>();
        descriptions.forEach((name, d) -> d.partitions().forEach(p -> request.put(
                new org.apache.kafka.common.TopicPartition(name, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest())));
        try {
            admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (allLed && descriptions.size() == topics.size() && served(admin, descriptions)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topics " + topics, e);
                }
            } catch (TimeoutException e) {
                // fall through to the deadline check
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics " + topics + " got no partition leaders within " + TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static List<String> names(List<Topics.Spec> specs) {
        return specs.stream().map(Topics.Spec::name).toList();
    }
}
