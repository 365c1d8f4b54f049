package io.dirsync.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroSerde;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.HeldCommand;
import io.dirsync.schemas.ReleaseHeldCommands;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.LifecycleEventType;
import io.dirsync.schemas.OutcomeReason;
import io.dirsync.schemas.OutcomeStatus;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectorTopologyTest {

    private final FoldMetrics metrics = new FoldMetrics();
    private final AvroSerde<DirectoryChange> changes = new AvroSerde<>(DirectoryChange.class);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, AccessCommand> commands;
    private TestOutputTopic<String, LifecycleEvent> events;
    private TestOutputTopic<String, UserLifecycle> lifecycle;
    private TestOutputTopic<String, ChangeOutcome> outcomes;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "projector-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(ProjectorTopology.build(metrics), props);
        input = driver.createInputTopic(Topics.DIRECTORY_CHANGES, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        commands = driver.createOutputTopic(Topics.ACCESS_COMMANDS, Serdes.String().deserializer(),
                new AvroSerde<>(AccessCommand.class).deserializer());
        events = driver.createOutputTopic(Topics.LIFECYCLE_EVENTS, Serdes.String().deserializer(),
                new AvroSerde<>(LifecycleEvent.class).deserializer());
        lifecycle = driver.createOutputTopic(Topics.USER_LIFECYCLE, Serdes.String().deserializer(),
                new AvroSerde<>(UserLifecycle.class).deserializer());
        outcomes = driver.createOutputTopic(Topics.CHANGE_OUTCOMES, Serdes.String().deserializer(),
                new AvroSerde<>(ChangeOutcome.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldEmitOneProvisionAndOneDeprovisionForAJoinerWhoLeaves() {
        send(change("c1", "r1", null, create("u1", user("ada@example.com", true))));
        send(change("c2", "r2", 1L, replace("u1", user("ada@example.com", false))));

        assertThat(commands.readKeyValuesToList())
                .extracting(kv -> kv.key, kv -> kv.value.getType(), kv -> kv.value.getCommandId())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dir-1/u1", AccessCommandType.PROVISION, "c1:u1:PROVISION"),
                        org.assertj.core.groups.Tuple.tuple("dir-1/u1", AccessCommandType.DEPROVISION,
                                "c2:u1:DEPROVISION"));
        assertThat(events.readValuesToList()).extracting(LifecycleEvent::getType)
                .containsExactly(LifecycleEventType.JOINED, LifecycleEventType.LEFT);
        UserLifecycle last = lifecycle.readKeyValuesToMap().get("dir-1/u1");
        assertThat(last.getState()).isEqualTo(UserState.INACTIVE);
        assertThat(last.getVersion()).isEqualTo(2L);
        assertThat(outcomes.readKeyValuesToMap()).containsOnlyKeys("r1", "r2")
                .allSatisfy((k, v) -> assertThat(v.getStatus()).isEqualTo(OutcomeStatus.APPLIED));
    }

    @Test
    void shouldAnswerADuplicateUserNameWithAUniquenessOutcomeAndChangeNothing() {
        send(change("c1", "r1", null, create("u1", user("ada@example.com", true))));
        commands.readValuesToList();
        lifecycle.readValuesToList();

        send(change("c2", "r2", null, create("u2", user("ADA@example.com", true))));

        ChangeOutcome outcome = outcomes.readKeyValuesToMap().get("r2");
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.REJECTED);
        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.UNIQUENESS);
        assertThat(outcome.getResource().getUserId()).isEqualTo("u1");
        assertThat(commands.isEmpty()).isTrue();
        assertThat(lifecycle.isEmpty()).isTrue();
        assertThat(metrics.anomalyCounts()).containsEntry("USERNAME_TAKEN", 1L);
    }

    @Test
    void shouldReactivateByTheExternalIdIndexWhenTheChangeAsksForIt() {
        UserAttributes ada = user("ada@example.com", true);
        ada.setExternalId("00u1okta");
        send(change("c1", "r1", null, create("u1", ada)));
        UserAttributes away = user("ada@example.com", false);
        away.setExternalId("00u1okta");
        send(change("c2", "r2", null, replace("u1", away)));
        commands.readValuesToList();
        UserAttributes back = user("ada.king@example.com", true);
        back.setExternalId("00u1okta");
        CreateUser returning = create("u-new", back);
        returning.setReactivateByExternalId(true);

        send(change("c3", "r3", null, returning));

        ChangeOutcome outcome = outcomes.readKeyValuesToMap().get("r3");
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.APPLIED);
        assertThat(outcome.getResource().getUserId()).isEqualTo("u1");
        assertThat(outcome.getResource().getUser().getUserName()).isEqualTo("ada.king@example.com");
        assertThat(commands.readValuesToList()).extracting(AccessCommand::getType)
                .containsExactly(AccessCommandType.REPROVISION);
        assertThat(lifecycle.readKeyValuesToMap()).doesNotContainKey("dir-1/u-new");
    }

    @Test
    void shouldRejectAStaleExpectedVersion() {
        send(change("c1", "r1", null, create("u1", user("ada@example.com", true))));
        send(change("c2", "r2", 7L, replace("u1", user("ada@example.com", false))));

        assertThat(outcomes.readKeyValuesToMap().get("r2").getReason()).isEqualTo(OutcomeReason.VERSION_MISMATCH);
        assertThat(commands.readValuesToList()).extracting(AccessCommand::getType)
                .containsExactly(AccessCommandType.PROVISION);
    }

    @Test
    void shouldSendAnUndecodableRecordToDeadLettersWithItsCoordinatesAndKeepGoing() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        input.pipeInput("dir-1", garbage);
        send(change("c1", "r1", null, create("u1", user("ada@example.com", true))));

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("dir-1");
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "dirsync.dlq.topic")).isEqualTo(Topics.DIRECTORY_CHANGES);
        assertThat(header(dead, "dirsync.dlq.partition")).isEqualTo("0");
        assertThat(header(dead, "dirsync.dlq.offset")).isEqualTo("0");
        assertThat(header(dead, "dirsync.dlq.error")).contains("DirectoryChange");
        assertThat(commands.readValuesToList()).extracting(AccessCommand::getType)
                .containsExactly(AccessCommandType.PROVISION);
        assertThat(metrics.deadLetterCount()).isEqualTo(1);
    }

    @Test
    void shouldFoldTheSameChangeDeliveredTwiceOnlyOnce() {
        // The same WorkOS events by webhook and again by the Events API poller, interleaved.
        DirectoryChange created = change("evt_1", null, null, create("u1", user("ada@example.com", true)));
        DirectoryChange left = change("evt_2", null, null, replace("u1", user("ada@example.com", false)));
        created.setSource(ChangeSource.WORKOS_WEBHOOK);
        left.setSource(ChangeSource.WORKOS_EVENTS);
        send(created);
        send(left);
        send(left);
        send(created);

        assertThat(commands.readValuesToList()).extracting(AccessCommand::getType)
                .containsExactly(AccessCommandType.PROVISION, AccessCommandType.DEPROVISION);
        assertThat(lifecycle.readValuesToList()).hasSize(2);
        assertThat(metrics.anomalyCounts()).containsEntry("DUPLICATE_CHANGE", 2L);
    }

    @Test
    void shouldDeprovisionEveryActiveUserOfADeletedDirectory() {
        send(change("c1", null, null, create("u1", user("ada@example.com", true))));
        send(change("c2", null, null, create("u2", user("grace@example.com", true))));
        commands.readValuesToList();

        send(change("c3", "r3", null, io.dirsync.schemas.DeleteDirectory.newBuilder().setReason("dsync.deleted").build()));

        assertThat(commands.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getType())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("dir-1/u1", AccessCommandType.DEPROVISION),
                        org.assertj.core.groups.Tuple.tuple("dir-1/u2", AccessCommandType.DEPROVISION));
        assertThat(lifecycle.readKeyValuesToMap().values()).extracting(UserLifecycle::getState)
                .containsOnly(UserState.DELETED);
        assertThat(outcomes.readKeyValuesToMap().get("r3").getStatus()).isEqualTo(OutcomeStatus.APPLIED);
    }

    @Test
    void shouldDeadLetterEveryBadRecordAndLoseNoGoodOneWhenOnePercentIsPoison() {
        AvroSerde<DirectoryChange> serde = new AvroSerde<>(DirectoryChange.class);
        byte[] good = serde.serializer().serialize(Topics.DIRECTORY_CHANGES,
                change("c-template", null, null, create("u", user("x", true))));
        int bad = 0;
        for (int i = 0; i < 1000; i++) {
            if (i % 100 == 37) {
                byte[] poison = i % 200 == 37 ? "{\"json\":true}".getBytes(StandardCharsets.UTF_8) : good.clone();
                if (i % 200 != 37) {
                    poison[4] ^= 0x7F; // unknown schema fingerprint
                }
                input.pipeInput("dir-1", poison);
                bad++;
            } else {
                send(change("c" + i, null, null, create("u" + i, user("user" + i + "@example.com", true))));
            }
        }

        assertThat(deadLetters.readRecordsToList()).hasSize(bad);
        assertThat(commands.readValuesToList()).hasSize(1000 - bad)
                .extracting(AccessCommand::getType).containsOnly(AccessCommandType.PROVISION);
        assertThat(metrics.deadLetterCount()).isEqualTo(bad);
    }

    @Test
    void shouldKeepTheUserNameIndexInTheNamedStores() {
        send(change("c1", "r1", null, create("u1", user("Ada@Example.com", true))));

        KeyValueStore<String, String> names = driver.getKeyValueStore(ProjectorTopology.USERNAMES_STORE);
        KeyValueStore<String, byte[]> users = driver.getKeyValueStore(ProjectorTopology.USERS_STORE);
        assertThat(names.get("dir-1/ada@example.com")).isEqualTo("u1");
        assertThat(UserValues.decode(users.get("dir-1/u1")).getUser().getUserName()).isEqualTo("Ada@Example.com");
        // The stored bytes are the published ones: one encoding serves the store and dirsync.user-lifecycle.
        assertThat(lifecycle.readRecordsToList()).singleElement().satisfies(r -> assertThat(
                new AvroSerde<>(UserLifecycle.class).serializer().serialize(Topics.USER_LIFECYCLE, r.value()))
                .isEqualTo(users.get("dir-1/u1")));
    }

    @Test
    void shouldRecogniseARedeliveredScimRecordWithoutAChangeLedgerEntry() {
        DirectoryChange created = change("c1", "r1", null, create("u1", user("ada@example.com", true)));
        send(created);
        send(created);

        assertThat(commands.readValuesToList()).hasSize(1);
        assertThat(metrics.anomalyCounts()).containsEntry("DUPLICATE_CHANGE", 1L);
        KeyValueStore<String, Long> ledger = driver.getKeyValueStore(ProjectorTopology.APPLIED_CHANGES_STORE);
        assertThat(ledger.get("dir-1/c1")).isNull();
    }

    @Test
    void shouldKeepMembershipsPerMemberAndCarryTheGroupOnCommands() {
        send(change("c1", null, null, create("u1", user("ada@example.com", true))));
        send(change("c2", null, null, create("u2", user("bob@example.com", true))));
        commands.readValuesToList();

        send(change("g1", "r1", null, CreateGroup.newBuilder().setGroupId("eng").setDisplayName("Engineering")
                .setAddMembers(List.of("u1", "u2")).build()));
        send(change("g2", "r2", null, UpdateGroup.newBuilder().setGroupId("eng")
                .setRemoveMembers(List.of("u2")).build()));

        assertThat(commands.readKeyValuesToList())
                .extracting(kv -> kv.key, kv -> kv.value.getType(), kv -> kv.value.getGroup().getDisplayName())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dir-1/u1", AccessCommandType.GRANT_GROUP_ACCESS, "Engineering"),
                        org.assertj.core.groups.Tuple.tuple("dir-1/u2", AccessCommandType.GRANT_GROUP_ACCESS, "Engineering"),
                        org.assertj.core.groups.Tuple.tuple("dir-1/u2", AccessCommandType.REVOKE_GROUP_ACCESS, "Engineering"));
        KeyValueStore<String, Long> members = driver.getKeyValueStore(ProjectorTopology.MEMBERS_STORE);
        assertThat(members.get("dir-1/eng/u1")).isNotNull();
        assertThat(members.get("dir-1/eng/u2")).isNull();
        KeyValueStore<String, GroupState> groups = driver.getKeyValueStore(ProjectorTopology.GROUPS_STORE);
        assertThat(groups.get("dir-1/eng").getMemberCount()).isEqualTo(1L);
        ChangeOutcome outcome = outcomes.readKeyValuesToMap().get("r2");
        assertThat(outcome.getGroup().getVersion()).isEqualTo(2L);
    }

    @Test
    void shouldHoldMassDeprovisionsInTheStoreUntilAnOperatorReleasesThem() {
        for (int i = 0; i < 40; i++) {
            send(change("j" + i, null, null, create("u" + i, user("user" + i + "@example.com", true))));
        }
        for (int i = 0; i < 30; i++) {
            send(change("l" + i, null, null, replace("u" + i, user("user" + i + "@example.com", false))));
        }
        assertThat(commands.readValuesToList()).filteredOn(c -> c.getType() == AccessCommandType.DEPROVISION)
                .hasSize(25);
        KeyValueStore<String, HeldCommand> held = driver.getKeyValueStore(ProjectorTopology.HELD_STORE);
        assertThat(held.get("dir-1/u29").getCommand().getCommandId()).isEqualTo("l29:u29:DEPROVISION");
        assertThat(events.readValuesToList()).extracting(LifecycleEvent::getType)
                .containsOnlyOnce(LifecycleEventType.GUARD_TRIPPED);

        DirectoryChange decision = change("op-1", null, null, ReleaseHeldCommands.newBuilder()
                .setOperator("alice").setReason("confirmed with HR").build());
        decision.setSource(ChangeSource.OPERATOR);
        send(decision);

        assertThat(commands.readValuesToList()).extracting(AccessCommand::getCommandId, AccessCommand::getChangeId)
                .hasSize(5).contains(org.assertj.core.groups.Tuple.tuple("l29:u29:DEPROVISION", "l29"));
        assertThat(held.get("dir-1/u29")).isNull();
        assertThat(events.readValuesToList()).filteredOn(e -> e.getType() == LifecycleEventType.COMMAND_RELEASED)
                .hasSize(5).extracting(LifecycleEvent::getActor).containsOnly("alice");
    }

    @Test
    void shouldDescribeANamedTopology() {
        String description = ProjectorTopology.build(metrics).describe().toString();

        assertThat(description)
                .contains("Source: directory-changes-source (topics: [dirsync.directory-changes])")
                .containsPattern("Processor: directory-fold \\(stores: \\[[^]]*users-store")
                .containsPattern("Processor: directory-fold \\(stores: \\[[^]]*usernames-store")
                .containsPattern("Processor: directory-fold \\(stores: \\[[^]]*applied-changes-store")
                .containsPattern("Processor: directory-fold \\(stores: \\[[^]]*group-members-store")
                .containsPattern("Processor: directory-fold \\(stores: \\[[^]]*held-commands-store")
                .contains("Sink: access-commands-sink (topic: dirsync.access-commands)")
                .contains("Sink: dead-letters-sink (topic: dirsync.dead-letters)")
                .doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    }

    private void send(DirectoryChange change) {
        input.pipeInput(change.getDirectoryId(), changes.serializer().serialize(Topics.DIRECTORY_CHANGES, change));
    }

    private static String header(TestRecord<String, byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static UserAttributes user(String userName, boolean active) {
        return UserAttributes.newBuilder().setUserName(userName).setActive(active).build();
    }

    static CreateUser create(String userId, UserAttributes user) {
        return CreateUser.newBuilder().setUserId(userId).setUser(user).setDocument("{}").build();
    }

    static ReplaceUser replace(String userId, UserAttributes user) {
        return ReplaceUser.newBuilder().setUserId(userId).setUser(user).setDocument("{}").build();
    }

    static DirectoryChange change(String changeId, String requestId, Long expectedVersion, Object payload) {
        return DirectoryChange.newBuilder()
                .setChangeId(changeId)
                .setDirectoryId("dir-1")
                .setSource(ChangeSource.SCIM)
                .setReceivedAt(Instant.ofEpochMilli(1_000))
                .setRequestId(requestId)
                .setExpectedVersion(expectedVersion)
                .setPayload(payload)
                .build();
    }
}
