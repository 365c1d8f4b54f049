package io.dirsync.e2e.bench;

import io.dirsync.e2e.Pipeline;
import io.dirsync.kafkalocal.EmbeddedKafkaCluster;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark of the walking skeleton (not a test): SCIM POST and PATCH latency with concurrent clients, and
 * the leaver path — PATCH active=false sent until the DEPROVISION is readable by a read_committed consumer.
 * Run: {@code mvn -q -pl e2e -Pbench verify} after {@code mvn install -DskipTests}.
 */
public final class SkeletonBench {

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 4);
        int usersPerClient = Integer.getInteger("bench.users", 250);
        Path state = Files.createTempDirectory("dirsync-bench");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
            kafka.createDirsyncTopics(6);
            try (Pipeline pipeline = Pipeline.start(kafka.bootstrapServers(), state)) {
                run(pipeline, clients, 50, false); // warm-up: JIT, connections, first transactions
                run(pipeline, clients, usersPerClient, true);
            }
        }
    }

    private static void run(Pipeline pipeline, int clients, int users, boolean print) throws Exception {
        Map<String, Long> deprovisionSeenAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> watch(pipeline.bootstrapServers(), deprovisionSeenAt, stop));
        watcher.start();
        List<Long> posts = Collections.synchronizedList(new ArrayList<>());
        List<Long> patches = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> patchSentAt = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        String run = Long.toString(System.nanoTime(), 36);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < users; i++) {
                    String userName = "u" + run + "-" + client + "-" + i + "@example.com";
                    long t0 = System.nanoTime();
                    Pipeline.Response created = pipeline.scim("POST", "/Users",
                            "{\"userName\":\"" + userName + "\",\"active\":true,\"name\":{\"givenName\":\"B\"}}");
                    posts.add(System.nanoTime() - t0);
                    if (created.status() != 201) {
                        throw new IllegalStateException("POST answered " + created.status());
                    }
                    String id = created.body().path("id").asText();
                    long t1 = System.nanoTime();
                    patchSentAt.put(pipeline.directoryId() + "/" + id, t1);
                    Pipeline.Response patched = pipeline.scim("PATCH", "/Users/" + id,
                            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                                    + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
                    patches.add(System.nanoTime() - t1);
                    if (patched.status() != 200) {
                        throw new IllegalStateException("PATCH answered " + patched.status());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> deprovisionSeenAt.keySet().containsAll(patchSentAt.keySet()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("not every DEPROVISION arrived within 30 s");
        }
        stop.set(true);
        watcher.join();
        pool.shutdown();
        List<Long> leaver = new ArrayList<>();
        patchSentAt.forEach((k, sent) -> {
            Long seen = deprovisionSeenAt.get(k);
            if (seen != null) {
                leaver.add(seen - sent);
            }
        });
        if (print) {
            System.out.printf("%n%d clients x %d users, %.1f s, %.0f writes/s (POST+PATCH)%n", clients, users, seconds,
                    2.0 * clients * users / seconds);
            System.out.printf("%-46s %8s %8s %8s %8s%n", "path", "n", "p50 ms", "p99 ms", "max ms");
            row("SCIM POST /Users (201 after outcome)", posts);
            row("SCIM PATCH active=false (200 after outcome)", patches);
            row("leaver: PATCH sent -> DEPROVISION readable", leaver);
            System.out.printf("deprovisions seen: %d of %d%n", leaver.size(), patchSentAt.size());
        }
    }

    private static void watch(String bootstrap, Map<String, Long> seen, AtomicBoolean stop) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroCodec<AccessCommand> codec = AvroCodec.of(AccessCommand.class);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.ACCESS_COMMANDS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (codec.decode(r.value()).getType() == AccessCommandType.DEPROVISION) {
                        seen.putIfAbsent(r.key(), System.nanoTime());
                    }
                }
            }
        }
    }

    private static void row(String name, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("%-46s %8d%n", name, 0);
            return;
        }
        System.out.printf("%-46s %8d %8.1f %8.1f %8.1f%n", name, sorted.size(), pct(sorted, 0.50), pct(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
