package io.dirsync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning to its current end as a read_committed consumer, partition by partition in
 * offset order — what a downstream app is allowed to see. Aborted transactional output never shows up here.
 */
public final class LogReader {

    private LogReader() {
    }

    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        forEach(bootstrap, topic, out::add);
        return out;
    }

    /** Streams every committed record of {@code topic} (up to the end at call time) to {@code sink}. */
    public static long forEach(String bootstrap, String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        long n = 0;
        try (KafkaConsumer<String, byte[]> consumer = committedReader(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            // Partition by partition, so records come in offset order within each (per-key order).
            for (TopicPartition tp : partitions) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (consumer.position(tp) < end) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not read " + tp + " to its end " + end);
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        sink.accept(r);
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * Streams the committed records of {@code topic} from offset {@code from} up to {@code to} (exclusive) of each
     * partition, as two {@link #endOffsetsByPartition} calls bracket them: exactly what was written in between.
     */
    public static long forEachBetween(String bootstrap, String topic, Map<Integer, Long> from, Map<Integer, Long> to,
                                      Consumer<ConsumerRecord<String, byte[]>> sink) {
        long n = 0;
        try (KafkaConsumer<String, byte[]> consumer = committedReader(bootstrap)) {
            for (Map.Entry<Integer, Long> e : to.entrySet()) {
                TopicPartition tp = new TopicPartition(topic, e.getKey());
                long start = from.getOrDefault(e.getKey(), 0L);
                long end = e.getValue();
                if (start >= end) {
                    continue;
                }
                consumer.assign(List.of(tp));
                consumer.seek(tp, start);
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (consumer.position(tp) < end) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not read " + tp + " to " + end);
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.offset() < end) {
                            sink.accept(r);
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    /** The end offset of each of a topic's partitions, by partition number. */
    public static Map<Integer, Long> endOffsetsByPartition(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> out = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> out.put(tp.partition(), end));
            return out;
        }
    }

    /** Sum of the end offsets of a topic's partitions. */
    public static long endOffsets(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            return end.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A consumer that sees committed records only, assigned by hand (no group, no offsets committed). */
    private static KafkaConsumer<String, byte[]> committedReader(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
