package io.dirsync.ingest.workos;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.SourceCursor;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a polled source's last committed position from {@code dirsync.source-cursors} (read_committed, so a
 * cursor whose transaction was aborted is never seen). Call it only after the poller's producer ran
 * {@code initTransactions()}: that aborts any transaction a crashed predecessor left open, which would otherwise
 * hold the read_committed end of the partition back.
 */
final class CursorStore {

    private static final AvroCodec<SourceCursor> CODEC = AvroCodec.of(SourceCursor.class);

    private CursorStore() {
    }

    static Optional<SourceCursor> read(String bootstrapServers, String sourceId, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "dirsync-cursor-reader-" + UUID.randomUUID());
        SourceCursor last = null;
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SOURCE_CURSORS, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.SOURCE_CURSORS + " to its end in " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (sourceId.equals(r.key()) && r.value() != null) {
                        last = decode(r);
                    }
                }
            }
        }
        return Optional.ofNullable(last);
    }

    private static SourceCursor decode(ConsumerRecord<String, byte[]> r) {
        try {
            return CODEC.decode(r.value());
        } catch (UndecodableRecordException e) {
            // Starting over from range_start would re-read up to 30 days; refusing to start is the safe answer.
            throw new IllegalStateException("undecodable cursor at " + r.topic() + "-" + r.partition() + "@" + r.offset(), e);
        }
    }
}
