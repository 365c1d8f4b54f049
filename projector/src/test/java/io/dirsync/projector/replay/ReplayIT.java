package io.dirsync.projector.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.projector.ProjectorConfig;
import io.dirsync.projector.StreamsFactory;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reset and rerun on a real broker (after Kafka's own reset integration tests): fold a history, digest all
 * lifecycle state, replay, and get the same digest with no new access command; then replay with --reemit and
 * get every command again, byte for byte.
 */
class ReplayIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.perClass();

    private static final int USERS = 40;

    @Test
    void shouldRebuildIdenticalStateWithoutRefiringHistoryAndReemitIdenticalCommandsOnRequest(@TempDir Path state)
            throws Exception {
        ProjectorConfig config = new ProjectorConfig("replay-it-" + UUID.randomUUID(), KAFKA.bootstrapServers(),
                state.toString(), 20, null, 1, Map.of());
        int changes = produceHistory();
        fold(config, changes);
        String digest = stateDigest();
        List<byte[]> commands = values(Topics.ACCESS_COMMANDS);
        assertThat(commands).hasSize(USERS * 3); // PROVISION, UPDATE (mover), DEPROVISION each

        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Replay.Summary summary = new Replay(new Replay.Settings(config, false, null, null),
                new PrintStream(progress, true)).run();

        assertThat(summary.changes()).isEqualTo(changes);
        assertThat(summary.suppressed()).isEqualTo(changes);
        assertThat(stateDigest()).isEqualTo(digest);
        assertThat(values(Topics.ACCESS_COMMANDS)).hasSameSizeAs(commands);
        assertThat(progress.toString()).contains("folding " + changes + " changes");

        new Replay(new Replay.Settings(config, true, null, null), new PrintStream(new ByteArrayOutputStream())).run();

        // Every original command is in the log exactly twice now: once from the first fold, once re-emitted.
        List<String> twice = new ArrayList<>(hex(commands));
        twice.addAll(hex(commands));
        assertThat(hex(values(Topics.ACCESS_COMMANDS))).containsExactlyInAnyOrderElementsOf(twice);
        assertThat(stateDigest()).isEqualTo(digest);
    }

    /** Joiner, mover, leaver for each user, spread over several directories. */
    private static int produceHistory() throws Exception {
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        int count = 0;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int u = 0; u < USERS; u++) {
                String dir = "dir-" + (u % 5);
                String id = "u" + u;
                Object[] payloads = {
                        CreateUser.newBuilder().setUserId(id).setUser(user(id, true, "Eng")).build(),
                        ReplaceUser.newBuilder().setUserId(id).setUser(user(id, true, "Finance")).build(),
                        ReplaceUser.newBuilder().setUserId(id).setUser(user(id, false, "Finance")).build()};
                for (int step = 0; step < payloads.length; step++) {
                    DirectoryChange change = DirectoryChange.newBuilder()
                            .setChangeId("c-" + id + "-" + step)
                            .setDirectoryId(dir)
                            .setSource(ChangeSource.SCIM)
                            .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_000L + count))
                            .setPayload(payloads[step])
                            .build();
                    producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, dir, codec.encode(change))).get();
                    count++;
                }
            }
        }
        return count;
    }

    private static UserAttributes user(String id, boolean active, String department) {
        return UserAttributes.newBuilder().setUserName(id + "@example.com").setActive(active)
                .setDepartment(department).build();
    }

    private static void fold(ProjectorConfig config, int changes) {
        FoldMetrics metrics = new FoldMetrics();
        KafkaStreams streams = new KafkaStreams(ProjectorTopology.build(metrics, ReplayMarks.none()),
                StreamsFactory.streamsProperties(config, new HostInfo("localhost", 0)));
        streams.start();
        try {
            await("first fold").atMost(Duration.ofSeconds(60)).until(() -> metrics.foldedCount() >= changes
                    && values(Topics.ACCESS_COMMANDS).size() == USERS * 3);
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    /** SHA-256 over the latest value of every key of dirsync.user-lifecycle, in key order. */
    private static String stateDigest() throws Exception {
        TreeMap<String, byte[]> latest = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : records(KAFKA.bootstrapServers(), Topics.USER_LIFECYCLE)) {
            latest.put(r.key(), r.value());
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        latest.forEach((k, v) -> {
            sha.update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(v);
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    private static List<byte[]> values(String topic) {
        return records(KAFKA.bootstrapServers(), topic).stream().map(ConsumerRecord::value).toList();
    }

    private static List<String> hex(List<byte[]> values) {
        return values.stream().map(v -> HexFormat.of().formatHex(v)).toList();
    }

    /** Every committed record of {@code topic}, in partition and offset order. */
    static List<ConsumerRecord<String, byte[]>> records(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        // Order within a partition is the log's; across partitions, sort for a stable comparison.
        out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return out;
    }

}
