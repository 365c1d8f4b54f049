package io.dirsync.projector.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The high-water mark of a replay: per input partition, the end offset of the change log when the replay
 * started. Changes below it were folded before, so their events, commands and outcomes are not emitted again
 * (state is still rebuilt). The same holds for the topology's other input topics (the offboarding proof reads
 * access commands and acks), whose end offsets are kept per {@code topic@partition}. Kept durably in the compacted topic {@code <applicationId>-replay-marks}, so a
 * crash mid-replay still suppresses; the reset leaves that topic alone.
 */
public final class ReplayMarks {

    private static final String KEY = "mark";
    private static final String AS_OF = "asOf";
    private static final ReplayMarks NONE = new ReplayMarks(Map.of(), null);

    private final Map<Integer, Long> endOffsets;
    private final Map<String, Long> sourceEnds;
    private final Instant asOf;

    /**
     * @param endOffsets per input partition, the end offset when the replay started
     * @param asOf       for a point-in-time build: fold only changes received up to this instant, emit nothing
     */
    public ReplayMarks(Map<Integer, Long> endOffsets, Instant asOf) {
        this(endOffsets, Map.of(), asOf);
    }

    private ReplayMarks(Map<Integer, Long> endOffsets, Map<String, Long> sourceEnds, Instant asOf) {
        this.endOffsets = Map.copyOf(endOffsets);
        this.sourceEnds = Map.copyOf(sourceEnds);
        this.asOf = asOf;
    }

    /** These marks plus the end offsets of other input topics ({@code topic@partition} to offset). */
    public ReplayMarks withSourceEnds(Map<String, Long> ends) {
        return new ReplayMarks(endOffsets, ends, asOf);
    }

    /** Whether the record at this position of another input topic was processed before the replay started. */
    public boolean suppressed(String topic, int partition, long offset) {
        Long end = sourceEnds.get(topic + "@" + partition);
        return end != null && offset < end;
    }

    /** A point-in-time state: read-only, writes no output topic at all. */
    public boolean readOnly() {
        return asOf != null;
    }

    /** Whether a change received at this instant lies beyond a point-in-time build. */
    public boolean beyondAsOf(Instant receivedAt) {
        return asOf != null && receivedAt.isAfter(asOf);
    }

    public Instant asOf() {
        return asOf;
    }

    public static ReplayMarks none() {
        return NONE;
    }

    /** Whether the record at this input position was folded before the replay started. */
    public boolean suppressed(int partition, long offset) {
        Long end = endOffsets.get(partition);
        return end != null && offset < end;
    }

    public Map<Integer, Long> endOffsets() {
        return endOffsets;
    }

    public long total() {
        return endOffsets.values().stream().mapToLong(Long::longValue).sum();
    }

    public static String topic(String applicationId) {
        return applicationId + "-replay-marks";
    }

    String encode() {
        StringBuilder out = new StringBuilder();
        endOffsets.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(out.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue()));
        sourceEnds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(out.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue()));
        if (asOf != null) {
            out.append(out.length() == 0 ? "" : ",").append(AS_OF).append('=').append(asOf);
        }
        return out.toString();
    }

    static ReplayMarks decode(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Map<Integer, Long> offsets = new HashMap<>();
        Map<String, Long> sources = new HashMap<>();
        Instant asOf = null;
        for (String pair : value.split(",")) {
            String[] kv = pair.split("=", 2);
            if (AS_OF.equals(kv[0].trim())) {
                asOf = Instant.parse(kv[1].trim());
            } else if (kv[0].contains("@")) {
                sources.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
            } else {
                offsets.put(Integer.parseInt(kv[0].trim()), Long.parseLong(kv[1].trim()));
            }
        }
        return new ReplayMarks(offsets, sources, asOf);
    }

    /** Writes (or, with {@link #none()}, clears) the mark of an application. */
    public static void write(String bootstrapServers, String applicationId, ReplayMarks marks)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic(applicationId), 1, (short) -1)
                        .configs(Map.of("cleanup.policy", "compact")))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic(applicationId), KEY, marks.encode())).get();
        }
    }

    /** The latest mark of an application; none if no replay ever ran. */
    public static ReplayMarks load(String bootstrapServers, String applicationId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "dirsync-replay-marks-" + UUID.randomUUID());
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            if (!consumer.listTopics(Duration.ofSeconds(30)).containsKey(topic(applicationId))) {
                return NONE;
            }
            TopicPartition tp = new TopicPartition(topic(applicationId), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            String latest = null;
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (KEY.equals(r.key())) {
                        latest = r.value();
                    }
                }
            }
            return decode(latest);
        }
    }
}
