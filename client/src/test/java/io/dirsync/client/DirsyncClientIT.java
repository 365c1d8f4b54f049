package io.dirsync.client;

import static io.dirsync.client.TestCommands.command;
import static io.dirsync.client.TestCommands.produce;
import static io.dirsync.client.TestCommands.readAcks;
import static io.dirsync.schemas.AccessCommandType.DEPROVISION;
import static io.dirsync.schemas.AccessCommandType.PROVISION;
import static io.dirsync.schemas.AccessCommandType.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AckOutcome;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import io.dirsync.schemas.AvroCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consumer kit against a real broker: dedupe by commandId, per-user order, parking, acks, restart, bootstrap. */
class DirsyncClientIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String dir = "dir-" + run;
    private final String commandsTopic = "test-commands-" + run;
    private final String acksTopic = "test-acks-" + run;
    private final List<DirsyncClient<?>> clients = new ArrayList<>();

    @AfterEach
    void stopClients() throws InterruptedException {
        for (DirsyncClient<?> c : clients) {
            c.close();
        }
    }

    private <T> DirsyncClient<T> start(String appId, CommandStore<T> store, CommandHandler<T> handler) {
        DirsyncClient<T> client = DirsyncClient.builder(store, handler)
                .bootstrapServers(KAFKA.bootstrapServers())
                .appId(appId)
                .commandsTopic(commandsTopic)
                .acksTopic(acksTopic)
                .retryBackoff(Duration.ofMillis(10))
                .parkedRetryInterval(Duration.ofHours(1))
                .build();
        clients.add(client);
        return client.start();
    }

    private void topics(int partitions) {
        KAFKA.createTopic(commandsTopic, partitions);
        KAFKA.createTopic(acksTopic, partitions);
    }

    @Test
    void shouldApplyACommandDeliveredTwiceOnceAndAcknowledgeIt() {
        topics(3);
        AccessCommand joined = command(dir, "u1", "c1", PROVISION, 1);
        AccessCommand moved = command(dir, "u1", "c2", UPDATE, 2);
        List<String> handled = new CopyOnWriteArrayList<>();
        start("billing", new InMemoryCommandStore(), (c, tx) -> {
            handled.add(c.getCommandId());
            return Result.applied();
        });

        produce(KAFKA.bootstrapServers(), commandsTopic, List.of(joined, joined, moved, joined));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readAcks(KAFKA.bootstrapServers(), acksTopic))
                .extracting(AccessAck::getCommandId, AccessAck::getOutcome, AccessAck::getAppId, AccessAck::getCommandType)
                .containsExactly(tuple("c1:u1:PROVISION", AckOutcome.APPLIED, "billing", PROVISION),
                        tuple("c2:u1:UPDATE", AckOutcome.APPLIED, "billing", UPDATE)));
        assertThat(handled).containsExactly("c1:u1:PROVISION", "c2:u1:UPDATE");
    }

    @Test
    void shouldApplyEveryUsersCommandsInLogOrder() {
        topics(3);
        List<AccessCommand> sent = new ArrayList<>();
        for (int v = 1; v <= 10; v++) {
            for (int u = 0; u < 20; u++) {
                sent.add(command(dir, "u" + u, "c" + v, v == 1 ? PROVISION : UPDATE, v));
            }
        }
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        DirsyncClient<Void> client = start("crm", new InMemoryCommandStore(), (c, tx) -> {
            seen.computeIfAbsent(c.getUserId(), k -> Collections.synchronizedList(new ArrayList<>())).add(c.getVersion());
            return Result.applied();
        });

        produce(KAFKA.bootstrapServers(), commandsTopic, sent);

        await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().applied() == 200);
        assertThat(seen).hasSize(20).allSatisfy((user, versions) ->
                assertThat(versions).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
    }

    @Test
    void shouldParkOnlyTheFailingUserAndApplyItsCommandsInOrderOnceFixed() {
        topics(1);
        AtomicBoolean broken = new AtomicBoolean(true);
        List<String> handled = new CopyOnWriteArrayList<>();
        DirsyncClient<Void> client = start("wiki", new InMemoryCommandStore(), (c, tx) -> {
            if (c.getUserId().equals("bad") && broken.get()) {
                throw new IllegalStateException("wiki database is read-only");
            }
            handled.add(c.getCommandId());
            return Result.applied();
        });

        // One partition: the good user's commands sit behind and after the bad one's.
        produce(KAFKA.bootstrapServers(), commandsTopic, List.of(
                command(dir, "bad", "c1", PROVISION, 1),
                command(dir, "good", "c1", PROVISION, 1),
                command(dir, "bad", "c2", DEPROVISION, 2),
                command(dir, "good", "c2", DEPROVISION, 2)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(handled).containsExactly("c1:good:PROVISION", "c2:good:DEPROVISION");
            assertThat(client.parkedUsers()).singleElement().satisfies(p -> {
                assertThat(p.userKey()).isEqualTo(Keys.user(dir, "bad"));
                assertThat(p.commandId()).isEqualTo("c1:bad:PROVISION");
                assertThat(p.waiting()).isEqualTo(1);
                assertThat(p.attempts()).isEqualTo(3);
                assertThat(p.error()).contains("read-only");
            });
        });
        assertThat(readAcks(KAFKA.bootstrapServers(), acksTopic))
                .filteredOn(a -> a.getUserId().equals("bad"))
                .extracting(AccessAck::getCommandId, AccessAck::getOutcome)
                .containsExactly(tuple("c1:bad:PROVISION", AckOutcome.FAILED));

        broken.set(false);
        client.retryParked();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(handled).containsSubsequence("c1:bad:PROVISION", "c2:bad:DEPROVISION").hasSize(4);
            assertThat(client.parkedUsers()).isEmpty();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readAcks(KAFKA.bootstrapServers(), acksTopic))
                .filteredOn(a -> a.getUserId().equals("bad"))
                .extracting(AccessAck::getCommandId, AccessAck::getOutcome)
                .containsExactly(tuple("c1:bad:PROVISION", AckOutcome.FAILED),
                        tuple("c1:bad:PROVISION", AckOutcome.APPLIED),
                        tuple("c2:bad:DEPROVISION", AckOutcome.APPLIED)));
    }

    @Test
    void shouldResumeFromItsDatabaseAfterARestartAndSkipRedeliveredCommands() throws Exception {
        topics(2);
        String url = "jdbc:h2:mem:" + run + ";DB_CLOSE_DELAY=-1";
        try (Connection db = DriverManager.getConnection(url)) {
            db.createStatement().execute("CREATE TABLE effects (command_id VARCHAR(200), user_id VARCHAR(50))");
            CommandHandler<Connection> handler = (c, tx) -> {
                try (PreparedStatement insert = tx.prepareStatement("INSERT INTO effects VALUES (?, ?)")) {
                    insert.setString(1, c.getCommandId());
                    insert.setString(2, c.getUserId());
                    insert.executeUpdate();
                }
                return Result.applied();
            };
            List<AccessCommand> first = new ArrayList<>();
            for (int u = 0; u < 5; u++) {
                first.add(command(dir, "u" + u, "c1", PROVISION, 1));
            }
            DirsyncClient<Connection> before = start("ledger", new JdbcCommandStore(() -> DriverManager.getConnection(url)), handler);
            produce(KAFKA.bootstrapServers(), commandsTopic, first);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(db) == 5);
            before.close();

            // While it is down: new commands, and the old ones again (as a projector replay with --reemit sends them).
            List<AccessCommand> second = new ArrayList<>();
            for (int u = 0; u < 5; u++) {
                second.add(command(dir, "u" + u, "c2", DEPROVISION, 2));
            }
            produce(KAFKA.bootstrapServers(), commandsTopic, second);
            produce(KAFKA.bootstrapServers(), commandsTopic, first);
            DirsyncClient<Connection> after = start("ledger", new JdbcCommandStore(() -> DriverManager.getConnection(url)), handler);

            await().atMost(Duration.ofSeconds(30)).until(() -> after.stats().applied() + after.stats().duplicates() == 10);
            assertThat(after.stats().applied()).isEqualTo(5);
            assertThat(count(db)).isEqualTo(10);
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT COUNT(DISTINCT command_id) FROM effects")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(10);
            }
            assertThat(readAcks(KAFKA.bootstrapServers(), acksTopic)).hasSize(10)
                    .extracting(AccessAck::getCommandId).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldParkAUserWhoseCommandCannotBeDecodedAndGoOnWithOthers() {
        topics(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        DirsyncClient<Void> client = start("mail", new InMemoryCommandStore(), (c, tx) -> {
            handled.add(c.getCommandId());
            return Result.applied();
        });

        TestCommands.produceRaw(KAFKA.bootstrapServers(), commandsTopic, Keys.user(dir, "corrupt"),
                "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        produce(KAFKA.bootstrapServers(), commandsTopic, List.of(command(dir, "ok", "c1", PROVISION, 1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(handled).containsExactly("c1:ok:PROVISION");
            assertThat(client.parkedUsers()).singleElement().satisfies(p -> {
                assertThat(p.userKey()).isEqualTo(Keys.user(dir, "corrupt"));
                assertThat(p.commandId()).isNull();
                assertThat(p.error()).contains("cannot decode");
            });
        });
    }

    @Test
    void shouldBootstrapUsersFromTheLifecycleTopicThenFollowIt() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        AvroCodec<UserLifecycle> codec = AvroCodec.of(UserLifecycle.class);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
             UserLifecycleFeed feed = new UserLifecycleFeed(KAFKA.bootstrapServers())) {
            for (int u = 0; u < 3; u++) {
                producer.send(new ProducerRecord<>(Topics.USER_LIFECYCLE, Keys.user(dir, "u" + u),
                        codec.encode(lifecycle("u" + u, UserState.ACTIVE, 1))));
            }
            producer.flush();
            Map<String, UserState> table = new ConcurrentHashMap<>();
            java.util.function.BiConsumer<String, UserLifecycle> upsert = (key, user) -> {
                if (key.startsWith(dir + "/")) {
                    if (user == null) {
                        table.remove(key);
                    } else {
                        table.put(key, user.getState());
                    }
                }
            };

            feed.readToEnd(upsert);

            assertThat(new LinkedHashMap<>(table)).containsOnlyKeys(Keys.user(dir, "u0"), Keys.user(dir, "u1"),
                    Keys.user(dir, "u2"));
            feed.follow(upsert);
            producer.send(new ProducerRecord<>(Topics.USER_LIFECYCLE, Keys.user(dir, "u1"),
                    codec.encode(lifecycle("u1", UserState.INACTIVE, 2))));
            producer.send(new ProducerRecord<>(Topics.USER_LIFECYCLE, Keys.user(dir, "u2"), null));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(table)
                    .containsOnly(Map.entry(Keys.user(dir, "u0"), UserState.ACTIVE),
                            Map.entry(Keys.user(dir, "u1"), UserState.INACTIVE)));
        }
    }

    private UserLifecycle lifecycle(String userId, UserState state, long version) {
        Instant at = Instant.parse("2026-03-01T09:00:00Z");
        return UserLifecycle.newBuilder().setDirectoryId(dir).setUserId(userId).setState(state).setVersion(version)
                .setUser(UserAttributes.newBuilder().setUserName(userId + "@example.com")
                        .setActive(state == UserState.ACTIVE).build())
                .setCreatedAt(at).setLastModified(at).setLastChangeId("c" + version).build();
    }

    private static int count(Connection db) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM effects")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
