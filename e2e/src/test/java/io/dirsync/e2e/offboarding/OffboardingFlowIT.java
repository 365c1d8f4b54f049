package io.dirsync.e2e.offboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AckOutcome;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.LifecycleEventType;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged projector with two declared apps and the example app as child processes on the embedded broker: the
 * example app acknowledges the leaver's DEPROVISION, the other declared app never does. The leaver is reported
 * acknowledged by one app and OFFBOARDING_OVERDUE for the other once its SLA passed in record time; the report (JSON
 * and table) lists both with their times; a late ack completes the offboarding.
 */
class OffboardingFlowIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String directory = "acme-" + run;
    private final String app = "example-" + run;
    private final String ghost = "ghost-" + run;
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void shouldReportTheLeaverAcknowledgedByOneAppAndOverdueForTheAppThatNeverAcks() throws Exception {
        Path jar = Path.of(System.getProperty("dirsync.projector.jar"));
        Path root = jar.toAbsolutePath().getParent().getParent().getParent();
        int port = freePort();
        start("projector", List.of("-Xmx384m", "-jar", jar.toString()), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "DIRSYNC_PROJECTOR_PORT", Integer.toString(port),
                "DIRSYNC_PROJECTOR_STATE_DIR", work.resolve("projector").toString(),
                "DIRSYNC_PROJECTOR_APPLICATION_ID", "dirsync-projector-" + run,
                "DIRSYNC_OFFBOARDING_APPS", app + "," + ghost + "=2s"));
        Path appCp = root.resolve("example-app/target/classpath.txt");
        assertThat(appCp).as("the example app is built before e2e (reactor build)").exists();
        start("example-app", List.of("-Xmx256m", "-cp", root.resolve("example-app/target/classes") + File.pathSeparator
                        + Files.readString(appCp).trim(), "io.dirsync.example.ExampleApp"), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "DIRSYNC_APP_ID", app,
                "DIRSYNC_APP_JDBC_URL", "jdbc:h2:file:" + work.resolve("app") + ";WRITE_DELAY=0"));
        String base = "http://localhost:" + port + "/query/directories/" + directory + "/offboarding";
        await("projector up").atMost(Duration.ofSeconds(90)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a service exited with " + p.exitValue() + ": see target/service-logs");
                }
            }
            return get(base).statusCode() == 200;
        });

        Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        produce(change("c1", t0, create("ada", true)), t0);
        produce(change("c2", t0.plusMillis(100), replace("ada", false)), t0.plusMillis(100));

        // The example app applies and acknowledges; the report shows it with its time.
        await("the example app's ack").atMost(Duration.ofSeconds(60)).until(() -> app(report(), "ada", app)
                .path("ackedAt").isTextual());
        // Record time moves past the ghost's 2 s SLA with a later change on the same partition.
        String later = userOnSamePartitionAs("ada");
        produce(change("c3", t0.plusSeconds(10), create(later, true)), t0.plusSeconds(10));

        await("OFFBOARDING_OVERDUE for the app that never acks").atMost(Duration.ofSeconds(60))
                .until(() -> events().stream().anyMatch(e -> e.getType() == LifecycleEventType.OFFBOARDING_OVERDUE));
        assertThat(events()).extracting(e -> e.getType() + " " + e.getUserId() + " " + e.getAppId())
                .containsExactly("OFFBOARDING_OVERDUE ada " + ghost);
        JsonNode leaver = leaver(report(), "ada");
        assertThat(leaver.path("status").asText()).isEqualTo("OVERDUE");
        assertThat(leaver.path("issuedAt").asText()).isEqualTo(t0.plusMillis(100).toString());
        assertThat(app(report(), "ada", app).path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(app(report(), "ada", app).path("overdue").asBoolean()).isFalse();
        assertThat(app(report(), "ada", ghost).path("ackedAt").isTextual()).as("no ack from the ghost app").isFalse();
        assertThat(app(report(), "ada", ghost).path("overdue").asBoolean()).isTrue();
        String table = get(base + "/report?format=table&from=" + t0.minusSeconds(60) + "&to=" + t0.plusSeconds(60)).body();
        assertThat(table).contains(app).contains(ghost).contains("OVERDUE").contains("1 leaver(s) in " + directory);
        assertThat(get(base).body()).contains("\"userId\":\"ada\"");
        assertThat(get(base + "/report?from=yesterday").statusCode()).isEqualTo(400);

        // The ghost app finally acknowledges: the offboarding completes, and leaves the open list.
        String commandId = leaver.path("commandId").asText();
        ackFromGhost(commandId, t0.plusSeconds(11));
        await("OFFBOARDING_COMPLETE").atMost(Duration.ofSeconds(60))
                .until(() -> events().stream().anyMatch(e -> e.getType() == LifecycleEventType.OFFBOARDING_COMPLETE));
        assertThat(leaver(report(), "ada").path("status").asText()).isEqualTo("COMPLETE");
        assertThat(JSON.readTree(get(base).body()).path("total").asInt()).isZero();
    }

    private JsonNode report() throws Exception {
        HttpResponse<String> r = get("http://localhost:" + projectorPort + "/query/directories/" + directory
                + "/offboarding/report");
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }

    private int projectorPort;

    private static JsonNode leaver(JsonNode report, String user) {
        for (JsonNode l : report.path("leavers")) {
            if (l.path("userId").asText().equals(user)) {
                return l;
            }
        }
        return JSON.createObjectNode();
    }

    private static JsonNode app(JsonNode report, String user, String appId) {
        for (JsonNode a : leaver(report, user).path("apps")) {
            if (a.path("appId").asText().equals(appId)) {
                return a;
            }
        }
        return JSON.createObjectNode();
    }

    private List<LifecycleEvent> events() {
        AvroCodec<LifecycleEvent> codec = AvroCodec.of(LifecycleEvent.class);
        List<LifecycleEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(Topics.LIFECYCLE_EVENTS)) {
            LifecycleEvent e = codec.decode(r.value());
            if (e.getDirectoryId().equals(directory) && e.getType().name().startsWith("OFFBOARDING")) {
                out.add(e);
            }
        }
        return out;
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** A user id whose per-user key lands on the same partition as {@code user}'s (so its records move that task's time). */
    private String userOnSamePartitionAs(String user) {
        int target = partition(Keys.user(directory, user));
        for (int i = 0; ; i++) {
            if (partition(Keys.user(directory, "later" + i)) == target) {
                return "later" + i;
            }
        }
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % KafkaClusterExtension.PARTITIONS;
    }

    private void produce(DirectoryChange change, Instant timestamp) {
        send(Topics.DIRECTORY_CHANGES, directory, AvroCodec.of(DirectoryChange.class).encode(change), timestamp);
    }

    private void ackFromGhost(String commandId, Instant at) {
        AccessAck ack = AccessAck.newBuilder().setAppId(ghost).setDirectoryId(directory).setUserId("ada")
                .setCommandId(commandId).setCommandType(AccessCommandType.DEPROVISION).setOutcome(AckOutcome.APPLIED)
                .setAppliedAt(at).build();
        send(Topics.ACCESS_ACKS, Keys.user(directory, "ada"), AvroCodec.of(AccessAck.class).encode(ack), at);
    }

    private void send(String topic, String key, byte[] value, Instant timestamp) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value));
            producer.flush();
        }
    }

    private DirectoryChange change(String changeId, Instant receivedAt, Object payload) {
        return DirectoryChange.newBuilder().setChangeId(changeId + "-" + run).setDirectoryId(directory)
                .setSource(ChangeSource.SCIM).setReceivedAt(receivedAt).setPayload(payload).build();
    }

    private static CreateUser create(String userId, boolean active) {
        return CreateUser.newBuilder().setUserId(userId).setUser(user(userId, active)).setDocument("{}").build();
    }

    private static ReplaceUser replace(String userId, boolean active) {
        return ReplaceUser.newBuilder().setUserId(userId).setUser(user(userId, active)).setDocument("{}").build();
    }

    private static UserAttributes user(String userId, boolean active) {
        return UserAttributes.newBuilder().setUserName(userId + "@example.com").setActive(active).build();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void start(String name, List<String> args, Map<String, String> env) throws IOException {
        if (name.equals("projector")) {
            projectorPort = Integer.parseInt(env.get("DIRSYNC_PROJECTOR_PORT"));
        }
        Path logs = Path.of(System.getProperty("dirsync.logs", "target/service-logs"));
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("offboarding-" + name + ".log").toFile()));
        builder.environment().putAll(env);
        processes.add(builder.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
