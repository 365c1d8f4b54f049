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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mass-deprovision guard across a replay, on a real broker: DEPROVISIONs held before the replay are still
 * held after it (the replay re-emits nothing), and an operator's release afterwards emits each exactly once.
 */
class ReplayGuardIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.perClass();

    @Test
    void shouldKeepHeldDeprovisionsHeldThroughAReplayAndReleaseEachExactlyOnceAfterIt(@TempDir Path state)
            throws Exception {
        ProjectorConfig config = new ProjectorConfig("replay-guard-it-" + UUID.randomUUID(), KAFKA.bootstrapServers(),
                state.toString(), 20, null, 1, Map.of());
        String dir = "guard-" + UUID.randomUUID().toString().substring(0, 8);
        List<DirectoryChange> history = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            history.add(change(dir, "j" + u, CreateUser.newBuilder().setUserId("g" + u)
                    .setUser(user("g" + u, true, "Eng")).build()));
        }
        for (int u = 0; u < 30; u++) {
            history.add(change(dir, "l" + u, ReplaceUser.newBuilder().setUserId("g" + u)
                    .setUser(user("g" + u, false, "Eng")).build()));
        }
        produce(history);
        foldUntil(config, () -> deprovisions(dir).size() == 25 && held(dir) == 5);

        new Replay(new Replay.Settings(config, false, null, null), new PrintStream(new ByteArrayOutputStream())).run();
        assertThat(deprovisions(dir)).hasSize(25);

        DirectoryChange release = change(dir, "op-release", io.dirsync.schemas.ReleaseHeldCommands.newBuilder()
                .setOperator("alice").build());
        release.setSource(ChangeSource.OPERATOR);
        produce(List.of(release));
        foldUntil(config, () -> deprovisions(dir).size() >= 30);

        // The five held before the replay are still held after it, and the release emits each of them once.
        assertThat(deprovisions(dir)).hasSize(30).doesNotHaveDuplicates()
                .contains("l25:g25:DEPROVISION", "l29:g29:DEPROVISION");
    }

    private static List<String> deprovisions(String dir) {
        AvroCodec<io.dirsync.schemas.AccessCommand> codec = AvroCodec.of(io.dirsync.schemas.AccessCommand.class);
        return ReplayIT.records(KAFKA.bootstrapServers(), Topics.ACCESS_COMMANDS).stream()
                .map(r -> codec.decode(r.value()))
                .filter(c -> c.getDirectoryId().equals(dir))
                .filter(c -> c.getType() == io.dirsync.schemas.AccessCommandType.DEPROVISION)
                .map(io.dirsync.schemas.AccessCommand::getCommandId).toList();
    }

    private static long held(String dir) {
        AvroCodec<io.dirsync.schemas.LifecycleEvent> codec = AvroCodec.of(io.dirsync.schemas.LifecycleEvent.class);
        return ReplayIT.records(KAFKA.bootstrapServers(), Topics.LIFECYCLE_EVENTS).stream()
                .map(r -> codec.decode(r.value()))
                .filter(e -> e.getDirectoryId().equals(dir))
                .filter(e -> e.getType() == io.dirsync.schemas.LifecycleEventType.COMMAND_HELD).count();
    }

    /** Runs the projector as StreamsFactory builds it (with the replay's marks) until {@code done}. */
    private static void foldUntil(ProjectorConfig config, java.util.concurrent.Callable<Boolean> done) {
        KafkaStreams streams = new KafkaStreams(ProjectorTopology.build(new FoldMetrics(),
                ReplayMarks.load(config.bootstrapServers(), config.applicationId())),
                StreamsFactory.streamsProperties(config, new HostInfo("localhost", 0)));
        streams.start();
        try {
            await("fold").atMost(Duration.ofSeconds(90)).until(done);
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    private static DirectoryChange change(String dir, String changeId, Object payload) {
        return DirectoryChange.newBuilder().setChangeId(changeId).setDirectoryId(dir).setSource(ChangeSource.SCIM)
                .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_000L)).setPayload(payload).build();
    }

    private static void produce(List<DirectoryChange> changes) throws Exception {
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (DirectoryChange c : changes) {
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, c.getDirectoryId(), codec.encode(c))).get();
            }
        }
    }

    private static UserAttributes user(String id, boolean active, String department) {
        return UserAttributes.newBuilder().setUserName(id + "@example.com").setActive(active)
                .setDepartment(department).build();
    }
}
