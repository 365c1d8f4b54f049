package io.dirsync.example;

import static io.dirsync.client.TestCommands.command;
import static io.dirsync.client.TestCommands.groupCommand;
import static io.dirsync.schemas.AccessCommandType.DEPROVISION;
import static io.dirsync.schemas.AccessCommandType.GRANT_GROUP_ACCESS;
import static io.dirsync.schemas.AccessCommandType.PROVISION;
import static io.dirsync.schemas.AccessCommandType.REVOKE_GROUP_ACCESS;
import static io.dirsync.schemas.AccessCommandType.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dirsync.client.TestCommands;
import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AckOutcome;
import io.dirsync.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example app as a real child process on the embedded broker: it consumes a joiner / mover / leaver sequence,
 * is killed with SIGKILL mid-stream and restarted, and later gets every command again (as after a projector replay
 * with --reemit). Its table ends as the commands say, and every command took effect exactly once (table, audit, acks).
 */
class ExampleAppIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    @TempDir
    Path work;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String directory = "acme-" + run;
    private final String appId = "example-" + run;

    @Test
    void shouldApplyEveryCommandExactlyOnceAcrossAKill9AndARedelivery() throws Exception {
        List<AccessCommand> commands = joinersMoversLeavers(400);
        othersBefore = endOffsets();
        TestCommands.produce(KAFKA.bootstrapServers(), Topics.ACCESS_COMMANDS, commands);
        String url = "jdbc:h2:file:" + work.resolve("app") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";

        Process first = startApp(url, "first");
        await("the app to get going").atMost(Duration.ofSeconds(60)).until(() -> consumed() >= 300);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(consumed()).as("killed mid-stream").isLessThan(commands.size());

        Process second = startApp(url, "second");
        await("every command acknowledged").atMost(Duration.ofSeconds(90))
                .until(() -> ackedCommandIds().size() == commands.size());
        stop(second);

        assertTableMatches(url, commands);
        assertAppliedOnce(url, commands);
        assertThat(ackedCommandIds()).isEqualTo(ids(commands));

        // The same commands again, byte for byte (what a projector replay with --reemit sends).
        TestCommands.produce(KAFKA.bootstrapServers(), Topics.ACCESS_COMMANDS, commands);
        Process third = startApp(url, "third");
        await("the redelivery consumed").atMost(Duration.ofSeconds(60)).until(() -> consumed() == 2L * commands.size());
        stop(third);

        assertTableMatches(url, commands);
        assertAppliedOnce(url, commands);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            TableDump.print(c, directory, new PrintStream(dump, true, StandardCharsets.UTF_8));
            assertThat(dump.toString(StandardCharsets.UTF_8)).contains("USERNAME").contains("400 user(s)")
                    .contains("u0@example.com");
        }
    }

    /** Per user: joins (with a group), moves department and group, and every third leaves. */
    private List<AccessCommand> joinersMoversLeavers(int users) {
        List<AccessCommand> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            out.add(command(directory, "u" + u, "c1", PROVISION, 1, "u" + u + "@example.com", "eng"));
            out.add(groupCommand(directory, "u" + u, "c2", GRANT_GROUP_ACCESS, 1, "eng"));
        }
        for (int u = 0; u < users; u++) {
            out.add(command(directory, "u" + u, "c3", UPDATE, 2, "u" + u + "@example.com", "sales"));
            out.add(groupCommand(directory, "u" + u, "c4", REVOKE_GROUP_ACCESS, 2, "eng"));
            out.add(groupCommand(directory, "u" + u, "c4", GRANT_GROUP_ACCESS, 2, "sales"));
            if (u % 3 == 0) {
                out.add(command(directory, "u" + u, "c5", DEPROVISION, 3, "u" + u + "@example.com", "sales"));
            }
        }
        return out;
    }

    private void assertTableMatches(String url, List<AccessCommand> commands) throws SQLException {
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (AccessCommand c : commands) {
            boolean leaver = commands.stream().anyMatch(x -> x.getUserId().equals(c.getUserId()) && x.getType() == DEPROVISION);
            expected.put(c.getUserId(), (leaver ? "inactive" : "active") + "/sales/v" + (leaver ? 3 : 2)
                    + "/groups=[sales]/open-sessions=" + (leaver ? 0 : 1) + "/open-keys=" + (leaver ? 0 : 1));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT u.user_id, u.active, u.department, u.version, "
                     + "(SELECT COUNT(*) FROM app_sessions s WHERE s.user_id = u.user_id AND s.directory_id = u.directory_id AND s.revoked_at IS NULL), "
                     + "(SELECT COUNT(*) FROM app_api_keys k WHERE k.user_id = u.user_id AND k.directory_id = u.directory_id AND k.revoked_at IS NULL) "
                     + "FROM app_users u WHERE u.directory_id = '" + directory + "'")) {
            Map<String, Set<String>> groups = groups(c);
            while (rs.next()) {
                String user = rs.getString(1);
                actual.put(user, (rs.getBoolean(2) ? "active" : "inactive") + "/" + rs.getString(3) + "/v" + rs.getLong(4)
                        + "/groups=" + groups.getOrDefault(user, Set.of()) + "/open-sessions=" + rs.getInt(5)
                        + "/open-keys=" + rs.getInt(6));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    private Map<String, Set<String>> groups(Connection c) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT user_id, group_id FROM app_group_access WHERE directory_id = '" + directory + "'")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /** One audit row and one applied-command record per commandId; every ack of a command tells one application. */
    private void assertAppliedOnce(String url, List<AccessCommand> commands) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            Map<String, Integer> audit = new HashMap<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT command_id, COUNT(*) FROM app_audit WHERE directory_id = '" + directory + "' GROUP BY command_id")) {
                while (rs.next()) {
                    audit.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(audit.keySet()).isEqualTo(ids(commands));
            assertThat(audit.values()).containsOnly(1);
            // Each user got exactly one session and one key from its one PROVISION.
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM app_sessions WHERE directory_id = '"
                    + directory + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(400);
            }
        }
        Map<String, List<AccessAck>> acks = acks().stream().collect(Collectors.groupingBy(AccessAck::getCommandId));
        assertThat(acks.keySet()).isEqualTo(ids(commands));
        assertThat(acks.values()).allSatisfy(list -> {
            assertThat(list).extracting(AccessAck::getOutcome).containsOnly(AckOutcome.APPLIED);
            // A re-acknowledgement after the crash repeats the recorded time: one application, maybe told twice.
            assertThat(list.stream().map(AccessAck::getAppliedAt).distinct()).hasSize(1);
        });
    }

    private List<AccessAck> acks() {
        return TestCommands.readAcks(KAFKA.bootstrapServers(), Topics.ACCESS_ACKS).stream()
                .filter(a -> a.getAppId().equals(appId) && a.getDirectoryId().equals(directory)).toList();
    }

    private Set<String> ackedCommandIds() {
        return acks().stream().map(AccessAck::getCommandId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(List<AccessCommand> commands) {
        return commands.stream().map(AccessCommand::getCommandId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Offsets the app's consumer group committed on the commands topic, summed. */
    private long consumed() throws Exception {
        try (Admin admin = KAFKA.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("dirsync-app-" + appId)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum() - othersBefore;
        }
    }

    private long endOffsets() throws Exception {
        try (Admin admin = KAFKA.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.ACCESS_COMMANDS)).allTopicNames().get().get(Topics.ACCESS_COMMANDS)
                    .partitions().forEach(p -> latest.put(new TopicPartition(Topics.ACCESS_COMMANDS, p.partition()),
                            OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** Records on the shared commands topic that other tests wrote before this one (the app reads them too). */
    private long othersBefore;

    private Process startApp(String url, String name) throws IOException {
        Path classes = Path.of(System.getProperty("dirsync.example.classes"));
        String classpath = classes + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("dirsync.example.classpath"))).trim();
        Path logs = Path.of(System.getProperty("dirsync.logs", "target/service-logs"));
        Files.createDirectories(logs);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, ExampleApp.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("example-app-" + run + "-" + name + ".log").toFile()));
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "DIRSYNC_APP_ID", appId,
                "DIRSYNC_APP_JDBC_URL", url));
        return builder.start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }
}
