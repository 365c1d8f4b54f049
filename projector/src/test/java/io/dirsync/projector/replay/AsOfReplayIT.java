package io.dirsync.projector.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.projector.ProjectorConfig;
import io.dirsync.projector.StreamsFactory;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.projector.topology.UserValues;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.ContractJson;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time replay on a real broker ("who had access on 30 June?"): a history of joiners, leavers and movers on
 * both sides of an instant T is folded by a production projector; {@code dirsync replay --as-of T} into an
 * application id of its own then builds exactly the state a fold of the history up to T builds, the projector's
 * query API serves it (started with that application id), it stays as of T while the log grows, and neither the
 * build nor serving it writes a record to a contract topic or touches the production application's own topics.
 */
class AsOfReplayIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.perClass();

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> USERS =
            List.of("alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivan");

    @Test
    void shouldServeTheStateAsOfTheInstantWithoutWritingToProduction(@TempDir Path state) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // The as-of id is a prefix of production's: the build must still leave production's own topics alone.
        ProjectorConfig june30 = config("asof-it-" + suffix, state);
        ProjectorConfig production = config("asof-it-" + suffix + "-projector", state);
        String dir = "asof-" + suffix;
        // A day before "now": every record time stays inside the topics' retention and none lies in the future.
        Instant t = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        History history = new History(dir);
        history.create("alice", "Eng", t.minus(10, ChronoUnit.HOURS));
        history.create("bob", "Eng", t.minus(10, ChronoUnit.HOURS));
        history.create("carol", "Eng", t.minus(10, ChronoUnit.HOURS));
        history.create("dave", "Eng", t.minus(10, ChronoUnit.HOURS));
        history.create("frank", "Eng", t.minus(10, ChronoUnit.HOURS));
        history.create("hank", "Eng", t.minus(10, ChronoUnit.HOURS));
        history.create("ivan", "Eng", t.minus(10, ChronoUnit.HOURS));
        history.replace("bob", false, "Eng", t.minus(8, ChronoUnit.HOURS));          // left before T
        history.replace("carol", true, "Finance", t.minus(6, ChronoUnit.HOURS));     // moved before T
        history.delete("hank", t.minus(5, ChronoUnit.HOURS));                        // deleted before T
        history.replace("ivan", false, "Eng", t.minus(4, ChronoUnit.HOURS));         // left before T ...
        history.create("gina", "Eng", t);                                            // joined at T exactly
        history.replace("carol", true, "Legal", t.plusMillis(1));                    // moved again just after T
        history.replace("dave", false, "Eng", t.plus(1, ChronoUnit.HOURS));          // left after T
        history.create("erin", "Eng", t.plus(2, ChronoUnit.HOURS));                  // joined after T
        history.delete("frank", t.plus(3, ChronoUnit.HOURS));                        // deleted after T
        history.replace("ivan", true, "Eng", t.plus(4, ChronoUnit.HOURS));           // ... and rejoined after T
        produce(history.changes);
        List<DirectoryChange> upToT = history.changes.stream().filter(c -> !c.getReceivedAt().isAfter(t)).toList();
        Map<String, UserLifecycle> asOfT = referenceFold(upToT, state.resolve("reference"));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            foldUntilCaughtUp(admin, production);
            // Production moved on after T, so an as-of build that ignored T could not pass what follows.
            Map<String, UserLifecycle> now = latestLifecycle(dir);
            assertThat(now.get("dave").getState()).isEqualTo(UserState.INACTIVE);
            assertThat(now.get("erin").getState()).isEqualTo(UserState.ACTIVE);
            assertThat(now.get("carol").getUser().getDepartment()).isEqualTo("Legal");
            assertThat(now.get("frank").getState()).isEqualTo(UserState.DELETED);
            assertThat(now.get("ivan").getState()).isEqualTo(UserState.ACTIVE);
            assertThat(ReplayIT.records(KAFKA.bootstrapServers(), Topics.ACCESS_COMMANDS)).isNotEmpty();
            assertThat(ReplayIT.records(KAFKA.bootstrapServers(), Topics.CHANGE_OUTCOMES)).isNotEmpty();
            // A replay deletes exactly the internal topics its topology names; they are the ones Streams created.
            List<String> changelogs = admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(production.applicationId() + "-") && n.endsWith("-changelog")).toList();
            assertThat(changelogs).isNotEmpty();
            assertThat(Replay.internalTopics(production.applicationId())).containsAll(changelogs);
            long log = logEnd(admin);
            Set<String> productionTopics = writable(admin, production.applicationId());
            Map<String, Long> before = footprint(admin, production.applicationId(), productionTopics);

            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            Replay.Summary summary = new Replay(new Replay.Settings(june30, false, null, t),
                    new PrintStream(progress, true)).run();

            assertThat(summary.changes()).isEqualTo(upToT.size());
            assertThat(progress.toString()).contains("folding " + log + " changes");
            assertThat(footprint(admin, production.applicationId(), productionTopics))
                    .containsExactlyInAnyOrderEntriesOf(before);

            int port = freePort();
            try (ApplicationContext projector = serve(june30, port)) {
                await("as-of state served").atMost(WAIT).until(() -> {
                    HttpResponse<String> page = get(port, "/query/directories/" + dir + "/users?count=0");
                    return page.statusCode() == 200 && page.body().contains("\"totalResults\":"
                            + asOfT.values().stream().filter(u -> u.getState() != UserState.DELETED).count() + ",");
                });
                assertServesExactly(port, dir, asOfT);
                // Who had access at T, as a person reads it.
                assertThat(get(port, user(dir, "dave")).body()).contains("\"state\":\"ACTIVE\"");
                assertThat(get(port, user(dir, "frank")).body()).contains("\"state\":\"ACTIVE\"");
                assertThat(get(port, user(dir, "bob")).body()).contains("\"state\":\"INACTIVE\"");
                assertThat(get(port, user(dir, "ivan")).body()).contains("\"state\":\"INACTIVE\"");
                assertThat(get(port, user(dir, "carol")).body()).contains("\"department\":\"Finance\"");
                assertThat(get(port, user(dir, "gina")).statusCode()).isEqualTo(200);
                assertThat(get(port, user(dir, "erin")).statusCode()).isEqualTo(404);
                assertThat(get(port, user(dir, "hank")).statusCode()).isEqualTo(404);
                // Read-only: an operator's guard decision is refused here and writes nothing to the change log.
                long logBefore = logEnd(admin);
                HttpResponse<String> release = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/guard/directories/" + dir + "/release")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"operator\":\"ops@example.com\"}"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(release.statusCode()).isEqualTo(409);
                assertThat(release.body()).contains("read-only");
                assertThat(logEnd(admin)).isEqualTo(logBefore);

                // The log grows while the as-of state is served: the new change is read and left out.
                History later = new History(dir);
                later.replace("alice", false, "Eng", Instant.now().truncatedTo(ChronoUnit.MILLIS));
                produce(later.changes);
                await("as-of projector read the new change").atMost(WAIT)
                        .until(() -> caughtUp(admin, june30.applicationId()));
                assertServesExactly(port, dir, asOfT);
            }
            // Neither the build nor serving it wrote a record to a contract topic or to production's own topics.
            assertThat(footprint(admin, production.applicationId(), productionTopics))
                    .containsExactlyInAnyOrderEntriesOf(before);
        }
    }

    @Test
    void shouldRefuseAnAsOfBuildIntoAnApplicationHoldingAProjectorsState(@TempDir Path state) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ProjectorConfig production = config("asof-it-refused-" + suffix, state);
        History history = new History("asof-refused-" + suffix);
        history.create("alice", "Eng", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        produce(history.changes);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            foldUntilCaughtUp(admin, production);
            Set<String> productionTopics = writable(admin, production.applicationId());
            Map<String, Long> before = footprint(admin, production.applicationId(), productionTopics);

            // The replay's environment need not name the production id, so the name check alone cannot catch this.
            Instant june30 = Instant.parse("2024-06-30T00:00:00Z");
            Replay asOf = new Replay(new Replay.Settings(production, false, null, june30),
                    new PrintStream(new ByteArrayOutputStream()));

            assertThatThrownBy(asOf::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("holds a projector's state");
            assertThat(footprint(admin, production.applicationId(), productionTopics))
                    .containsExactlyInAnyOrderEntriesOf(before);
            assertThat(admin.listTopics().names().get()).doesNotContain(ReplayMarks.topic(production.applicationId()));
        }
    }

    @Test
    void shouldRefuseAnAsOfBuildWithoutItsOwnApplicationId() {
        String productionId = System.getenv().getOrDefault("DIRSYNC_PROJECTOR_APPLICATION_ID", "dirsync-projector");
        for (String[] args : List.of(new String[] {"--as-of", "2024-06-30T00:00:00Z"},
                new String[] {"--as-of", "2024-06-30T00:00:00Z", "--application-id", productionId})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Replay.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).contains("--as-of builds a separate state: give it its own --application-id");
        }
        for (String[] args : List.of(
                new String[] {"--as-of", "2024-06-30T00:00:00Z", "--application-id", "june30", "--reemit"},
                new String[] {"--as-of", "2024-06-30T00:00:00Z", "--application-id", "june30",
                        "--from", "2024-06-01T00:00:00Z"})) {
            ByteArrayOutputStream refused = new ByteArrayOutputStream();
            assertThat(Replay.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(refused, true)))
                    .isEqualTo(2);
            assertThat(refused.toString()).contains("takes neither --from nor --reemit");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Replay.run(new String[] {"--as-of", "30 June", "--application-id", "june30"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("usage: dirsync replay");
    }

    /** Every user of the history, over HTTP: present ones byte-for-byte as the reference, the others 404. */
    private static void assertServesExactly(int port, String dir, Map<String, UserLifecycle> expected)
            throws Exception {
        for (String id : USERS) {
            UserLifecycle want = expected.get(id);
            HttpResponse<String> got = get(port, user(dir, id));
            if (want == null || want.getState() == UserState.DELETED) {
                assertThat(got.statusCode()).as(id).isEqualTo(404);
            } else {
                assertThat(got.statusCode()).as(id).isEqualTo(200);
                assertThat(got.body()).as(id).isEqualTo(ContractJson.toJson(want));
            }
        }
    }

    /** The definition of "the state as of T": the projector's topology folding only the changes up to T. */
    private static Map<String, UserLifecycle> referenceFold(List<DirectoryChange> changes, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "asof-reference");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        Map<String, UserLifecycle> users = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ProjectorTopology.build(new FoldMetrics()), props)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.DIRECTORY_CHANGES,
                    new StringSerializer(), new ByteArraySerializer());
            changes.forEach(c -> input.pipeInput(c.getDirectoryId(), codec.encode(c), c.getReceivedAt()));
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ProjectorTopology.USERS_STORE);
            for (String id : USERS) {
                UserLifecycle u = UserValues.decode(store.get(Keys.user(changes.get(0).getDirectoryId(), id)));
                if (u != null) {
                    users.put(id, u);
                }
            }
        }
        return users;
    }

    /** The latest dirsync.user-lifecycle value of every user of a directory (what production publishes). */
    private static Map<String, UserLifecycle> latestLifecycle(String dir) {
        AvroCodec<UserLifecycle> codec = AvroCodec.of(UserLifecycle.class);
        Map<String, UserLifecycle> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : ReplayIT.records(KAFKA.bootstrapServers(), Topics.USER_LIFECYCLE)) {
            UserLifecycle u = codec.decode(r.value());
            if (u.getDirectoryId().equals(dir)) {
                latest.put(u.getUserId(), u);
            }
        }
        return latest;
    }

    /** The topics a run of the application could write: every contract topic but the change log, and its own. */
    private static Set<String> writable(Admin admin, String app) throws Exception {
        Set<String> topics = Topics.all().stream().map(Topics.Spec::name)
                .filter(n -> !n.equals(Topics.DIRECTORY_CHANGES)).collect(Collectors.toCollection(TreeSet::new));
        admin.listTopics().names().get().stream().filter(n -> n.startsWith(app + "-")).forEach(topics::add);
        return topics;
    }

    /** The end offset of every partition of these topics (a deleted topic has none) and the group's commits. */
    private static Map<String, Long> footprint(Admin admin, String app, Set<String> topics) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics.stream().filter(existing::contains).toList()).allTopicNames().get().values()
                .forEach(d -> d.partitions().forEach(p ->
                        request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<String, Long> footprint = new TreeMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> footprint.put("end " + tp, info.offset()));
        admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get()
                .forEach((tp, o) -> footprint.put("committed " + tp, o.offset()));
        return footprint;
    }

    /** Runs the production projector (as StreamsFactory builds it, no marks) until it committed the whole log. */
    private static void foldUntilCaughtUp(Admin admin, ProjectorConfig config) {
        KafkaStreams streams = new KafkaStreams(ProjectorTopology.build(new FoldMetrics(), ReplayMarks.none()),
                StreamsFactory.streamsProperties(config, new HostInfo("localhost", 0)));
        streams.start();
        try {
            await("production fold").atMost(WAIT).until(() -> caughtUp(admin, config.applicationId()));
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    /** How many records the change log holds, over all partitions. */
    private static long logEnd(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < KafkaClusterExtension.PARTITIONS; p++) {
            request.put(new TopicPartition(Topics.DIRECTORY_CHANGES, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    }

    /** Whether the application committed every change-log partition up to its end (under EOS: outputs visible). */
    private static boolean caughtUp(Admin admin, String app) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < KafkaClusterExtension.PARTITIONS; p++) {
            request.put(new TopicPartition(Topics.DIRECTORY_CHANGES, p), OffsetSpec.latest());
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
        return admin.listOffsets(request).all().get().entrySet().stream().allMatch(e -> {
            OffsetAndMetadata c = committed.get(e.getKey());
            return (c == null ? 0 : c.offset()) >= e.getValue().offset();
        });
    }

    /** The projector's Micronaut application (query API and fold) with this application id. */
    private static ApplicationContext serve(ProjectorConfig config, int port) {
        ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).properties(Map.of(
                "micronaut.server.port", port,
                "dirsync.projector.application-id", config.applicationId(),
                "dirsync.projector.bootstrap-servers", config.bootstrapServers(),
                "dirsync.projector.state-dir", config.stateDir())).start();
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String user(String dir, String id) {
        return "/query/directories/" + dir + "/users/" + id;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ProjectorConfig config(String applicationId, Path state) {
        return new ProjectorConfig(applicationId, KAFKA.bootstrapServers(), state.toString(), 20, null, 1, Map.of());
    }

    /** Changes as ingest stamps them, in receivedAt order; each carries a requestId, so outcomes are written. */
    private static final class History {

        private final String dir;
        private final List<DirectoryChange> changes = new ArrayList<>();

        History(String dir) {
            this.dir = dir;
        }

        void create(String id, String department, Instant at) {
            add(CreateUser.newBuilder().setUserId(id).setUser(attributes(id, true, department)).build(), at);
        }

        void replace(String id, boolean active, String department, Instant at) {
            add(ReplaceUser.newBuilder().setUserId(id).setUser(attributes(id, active, department)).build(), at);
        }

        void delete(String id, Instant at) {
            add(DeleteUser.newBuilder().setUserId(id).build(), at);
        }

        private void add(Object payload, Instant at) {
            String changeId = "c-" + UUID.randomUUID();
            changes.add(DirectoryChange.newBuilder().setChangeId(changeId).setDirectoryId(dir)
                    .setSource(ChangeSource.SCIM).setReceivedAt(at).setRequestId("r-" + changeId)
                    .setPayload(payload).build());
        }

        private static UserAttributes attributes(String id, boolean active, String department) {
            return UserAttributes.newBuilder().setUserName(id + "@example.com").setActive(active)
                    .setDepartment(department).build();
        }
    }

    /** Produces each change with its receivedAt as record time, as ingest's producer does (it stamps both). */
    private static void produce(List<DirectoryChange> changes) throws Exception {
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (DirectoryChange c : changes) {
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, null, c.getReceivedAt().toEpochMilli(),
                        c.getDirectoryId(), codec.encode(c))).get();
            }
        }
    }
}
