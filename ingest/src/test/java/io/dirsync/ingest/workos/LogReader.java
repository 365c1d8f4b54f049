package io.dirsync.ingest.workos;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.SourceCursor;
import io.dirsync.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning to its current end, as a downstream reader would (or uncommitted too). */
final class LogReader {

    private LogReader() {
    }

    static List<DirectoryChange> changes(String bootstrap, String directoryId, boolean committedOnly) {
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        return records(bootstrap, Topics.DIRECTORY_CHANGES, committedOnly).stream()
                .filter(r -> directoryId.equals(r.key())).map(r -> codec.decode(r.value())).toList();
    }

    static List<SourceCursor> cursors(String bootstrap, String sourceId) {
        AvroCodec<SourceCursor> codec = AvroCodec.of(SourceCursor.class);
        return records(bootstrap, Topics.SOURCE_CURSORS, true).stream()
                .filter(r -> sourceId.equals(r.key())).map(r -> codec.decode(r.value())).toList();
    }

    static List<ConsumerRecord<String, byte[]>> records(String bootstrap, String topic, boolean committedOnly) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
