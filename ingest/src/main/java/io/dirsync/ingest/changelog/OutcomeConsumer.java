package io.dirsync.ingest.changelog;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UndecodableRecordException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code dirsync.change-outcomes} (read_committed, every partition, from the end as of start-up)
 * and completes the future of whichever request is waiting. Positions are resolved before the bean is
 * ready, so no outcome of a request accepted after start-up can be missed. No consumer group: every
 * ingest instance sees every outcome and keeps only those it waits for.
 */
@Context
@Requires(property = "dirsync.kafka.enabled", notEquals = "false")
final class OutcomeConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeConsumer.class);

    private final Map<String, CompletableFuture<ChangeOutcome>> pending = new ConcurrentHashMap<>();
    private final AvroCodec<ChangeOutcome> codec = AvroCodec.of(ChangeOutcome.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    OutcomeConsumer(@Value("${kafka.bootstrap.servers}") String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "dirsync-ingest-outcomes-" + UUID.randomUUID());
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHANGE_OUTCOMES, Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
        thread = new Thread(this::run, "dirsync-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    /** Registers interest in a request's outcome; call before the change is sent. */
    CompletableFuture<ChangeOutcome> expect(String requestId) {
        CompletableFuture<ChangeOutcome> future = new CompletableFuture<>();
        pending.put(requestId, future);
        return future;
    }

    void forget(String requestId) {
        pending.remove(requestId);
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    CompletableFuture<ChangeOutcome> waiting = record.key() == null ? null : pending.remove(record.key());
                    if (waiting != null) {
                        complete(waiting, record);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("outcome consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void complete(CompletableFuture<ChangeOutcome> waiting, ConsumerRecord<String, byte[]> record) {
        try {
            waiting.complete(codec.decode(record.value()));
        } catch (UndecodableRecordException e) {
            waiting.completeExceptionally(e);
        }
    }

    boolean running() {
        return thread.isAlive();
    }

    @PreDestroy
    void close() {
        consumer.wakeup();
    }
}
