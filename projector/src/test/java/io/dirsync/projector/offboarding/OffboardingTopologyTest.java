package io.dirsync.projector.offboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AckOutcome;
import io.dirsync.schemas.AvroSerde;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.LifecycleEventType;
import io.dirsync.schemas.OffboardingCase;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offboarding proof on TopologyTestDriver with real serdes: two declared apps (billing and crm, 15 minutes each),
 * DEPROVISIONs and acks as the fold and the apps write them, time advancing by record time only.
 */
class OffboardingTopologyTest {

    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    private final AvroSerde<AccessCommand> commandSerde = new AvroSerde<>(AccessCommand.class);
    private final AvroSerde<AccessAck> ackSerde = new AvroSerde<>(AccessAck.class);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestInputTopic<String, byte[]> acks;
    private TestOutputTopic<String, LifecycleEvent> events;
    private TestOutputTopic<String, byte[]> deadLetters;

    private void start(ReplayMarks marks) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "offboarding-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(OffboardingSettings.APPS, "billing,crm");
        props.put(OffboardingSettings.DEFAULT_SLA, "15m");
        driver = new TopologyTestDriver(OffboardingTopology.addTo(new Topology(), marks), props);
        commands = driver.createInputTopic(Topics.ACCESS_COMMANDS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        acks = driver.createInputTopic(Topics.ACCESS_ACKS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(Topics.LIFECYCLE_EVENTS, Serdes.String().deserializer(),
                new AvroSerde<>(LifecycleEvent.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldReportCompleteForTheAppThatAckedAndOverdueForTheOtherAfterItsSla() {
        start(ReplayMarks.none());
        leaves("ada", T0);
        ack("billing", "ada", AckOutcome.APPLIED, T0.plusSeconds(42));
        assertThat(events.isEmpty()).isTrue();

        // Record time moves on (another leaver's command): 15 minutes after issue crm has not acked.
        leaves("bob", T0.plus(Duration.ofMinutes(15)).plusSeconds(1));

        assertThat(events.readValuesToList())
                .extracting(LifecycleEvent::getType, LifecycleEvent::getUserId, LifecycleEvent::getAppId,
                        LifecycleEvent::getCommandId)
                .containsExactly(tuple(LifecycleEventType.OFFBOARDING_OVERDUE, "ada", "crm", "c-ada:ada:DEPROVISION"));
        OffboardingCase ada = store().get(OffboardingProcessor.caseKey("acme", "ada", "c-ada:ada:DEPROVISION"));
        assertThat(ada.getCompletedAt()).isNull();
        assertThat(ada.getApps()).extracting(a -> a.getAppId(), a -> a.getAckedAt(), a -> a.getOutcome(), a -> a.getOverdue())
                .containsExactlyInAnyOrder(tuple("billing", T0.plusSeconds(42), "APPLIED", false),
                        tuple("crm", null, null, true));

        // Much later: still overdue once, never twice.
        leaves("cy", T0.plus(Duration.ofHours(2)));
        assertThat(events.readValuesToList()).extracting(LifecycleEvent::getType, LifecycleEvent::getUserId)
                .containsExactly(tuple(LifecycleEventType.OFFBOARDING_OVERDUE, "bob"),
                        tuple(LifecycleEventType.OFFBOARDING_OVERDUE, "bob"));

        // The report lists the leaver with both apps and their times.
        OffboardingViews.LeaverView view = OffboardingViews.view(ada);
        assertThat(view.status()).isEqualTo("OVERDUE");
        assertThat(view.issuedAt()).isEqualTo("2026-06-01T09:00:00Z");
        assertThat(view.apps()).extracting(OffboardingViews.AppView::appId, OffboardingViews.AppView::ackedAt,
                        OffboardingViews.AppView::secondsToDeprovision, OffboardingViews.AppView::dueAt,
                        OffboardingViews.AppView::overdue)
                .containsExactly(tuple("billing", "2026-06-01T09:00:42Z", 42L, "2026-06-01T09:15:00Z", false),
                        tuple("crm", null, null, "2026-06-01T09:15:00Z", true));
        String csv = OffboardingViews.csv(new OffboardingViews.LeaversView("acme", null, null, List.of("billing", "crm"),
                1, List.of(view)));
        assertThat(csv.split("\r\n")).hasSize(3).contains(
                "acme,ada,ada@example.com,c-ada:ada:DEPROVISION,OVERDUE,2026-06-01T09:00:00Z,,billing,true,"
                        + "2026-06-01T09:15:00Z,2026-06-01T09:00:42Z,APPLIED,false,42,",
                "acme,ada,ada@example.com,c-ada:ada:DEPROVISION,OVERDUE,2026-06-01T09:00:00Z,,crm,true,"
                        + "2026-06-01T09:15:00Z,,,true,,");
        assertThat(OffboardingViews.table(new OffboardingViews.LeaversView("acme", null, null, List.of("billing", "crm"),
                1, List.of(view)))).contains("billing").contains("42s").contains("OVERDUE").contains("1 leaver(s) in acme");
    }

    @Test
    void shouldEmitCompleteOnceWhenEveryDeclaredAppAcknowledgedEvenLateAndRepeated() {
        start(ReplayMarks.none());
        leaves("ada", T0);
        ack("billing", "ada", AckOutcome.APPLIED, T0.plusSeconds(5));
        ack("billing", "ada", AckOutcome.APPLIED, T0.plusSeconds(5));
        ack("crm", "ada", AckOutcome.FAILED, T0.plusSeconds(6));
        assertThat(events.isEmpty()).isTrue();

        ack("crm", "ada", AckOutcome.NOT_APPLICABLE, T0.plus(Duration.ofMinutes(20)));
        // A replay with --reemit sends the same DEPROVISION again.
        leaves("ada", T0);
        ack("crm", "ada", AckOutcome.APPLIED, T0.plus(Duration.ofMinutes(21)));

        List<LifecycleEvent> out = events.readValuesToList();
        assertThat(out).extracting(LifecycleEvent::getType, LifecycleEvent::getAppId)
                .containsExactly(tuple(LifecycleEventType.OFFBOARDING_OVERDUE, "crm"),
                        tuple(LifecycleEventType.OFFBOARDING_COMPLETE, null));
        assertThat(out.get(1).getEventId()).isEqualTo("c-ada:ada:DEPROVISION:OFFBOARDING_COMPLETE");
        assertThat(out.get(1).getDetail()).contains("billing after PT5S").contains("crm after PT20M (overdue)");
        assertThat(out.get(1).getToState()).isEqualTo(UserState.INACTIVE);
        Map<String, Double> metrics = OffboardingMetrics.snapshot(driver.metrics());
        assertThat(metrics).containsEntry("time-to-deprovision-count{app=billing}", 1.0)
                .containsEntry("time-to-deprovision-bucket{app=billing, le=5}", 1.0)
                .containsEntry("time-to-deprovision-bucket{app=crm, le=3600}", 1.0)
                .containsEntry("time-to-deprovision-bucket{app=crm, le=900}", 0.0)
                .containsEntry("overdue-total{app=crm}", 1.0);
    }

    @Test
    void shouldRecordAcksFromUndeclaredAppsAndAcksThatArriveBeforeTheirCommand() {
        start(ReplayMarks.none());
        ack("wiki", "ada", AckOutcome.APPLIED, T0.plusSeconds(1));
        ack("billing", "ada", AckOutcome.APPLIED, T0.plusSeconds(2));
        leaves("ada", T0);
        ack("crm", "ada", AckOutcome.APPLIED, T0.plusSeconds(3));

        OffboardingCase ada = store().get(OffboardingProcessor.caseKey("acme", "ada", "c-ada:ada:DEPROVISION"));
        assertThat(ada.getApps()).extracting(a -> a.getAppId(), a -> a.getDeclared(), a -> a.getAckedAt())
                .containsExactlyInAnyOrder(tuple("wiki", false, T0.plusSeconds(1)),
                        tuple("billing", true, T0.plusSeconds(2)), tuple("crm", true, T0.plusSeconds(3)));
        assertThat(events.readValuesToList()).extracting(LifecycleEvent::getType)
                .containsExactly(LifecycleEventType.OFFBOARDING_COMPLETE);
    }

    @Test
    void shouldRebuildStateWithoutEmittingAgainBelowAReplaysMarks() {
        // Everything piped here was processed before the replay started: the marks cover it.
        start(new ReplayMarks(Map.of(), null).withSourceEnds(Map.of(Topics.ACCESS_COMMANDS + "@0", 2L,
                Topics.ACCESS_ACKS + "@0", 1L)));
        leaves("ada", T0);
        ack("billing", "ada", AckOutcome.APPLIED, T0.plusSeconds(5));
        leaves("bob", T0.plus(Duration.ofMinutes(16)));
        assertThat(events.isEmpty()).isTrue();
        assertThat(store().get(OffboardingProcessor.caseKey("acme", "ada", "c-ada:ada:DEPROVISION")).getApps())
                .filteredOn(a -> a.getAppId().equals("crm")).singleElement()
                .satisfies(a -> assertThat(a.getOverdue()).isTrue());

        // New input beyond the marks is answered as usual.
        ack("crm", "ada", AckOutcome.APPLIED, T0.plus(Duration.ofMinutes(17)));
        assertThat(events.readValuesToList()).extracting(LifecycleEvent::getType, LifecycleEvent::getUserId)
                .containsExactly(tuple(LifecycleEventType.OFFBOARDING_COMPLETE, "ada"));
    }

    @Test
    void shouldDeadLetterAnAckThatCannotBeDecoded() {
        start(ReplayMarks.none());
        acks.pipeInput(Keys.user("acme", "ada"), "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8), T0);

        assertThat(deadLetters.readRecord().headers().lastHeader("dirsync.dlq.topic").value())
                .isEqualTo(Topics.ACCESS_ACKS.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void shouldIgnoreCommandsOtherThanDeprovision() {
        start(ReplayMarks.none());
        commands.pipeInput(Keys.user("acme", "ada"), commandSerde.serializer().serialize(Topics.ACCESS_COMMANDS,
                command("ada", AccessCommandType.PROVISION, T0)), T0);
        leaves("bob", T0.plus(Duration.ofHours(1)));

        assertThat(events.readValuesToList()).isEmpty();
        try (var all = store().all()) {
            assertThat(all).toIterable().extracting(kv -> kv.key)
                    .containsExactly(OffboardingProcessor.caseKey("acme", "bob", "c-bob:bob:DEPROVISION"));
        }
    }

    private KeyValueStore<String, OffboardingCase> store() {
        return driver.getKeyValueStore(OffboardingTopology.STORE);
    }

    private void leaves(String user, Instant at) {
        commands.pipeInput(Keys.user("acme", user), commandSerde.serializer().serialize(Topics.ACCESS_COMMANDS,
                command(user, AccessCommandType.DEPROVISION, at)), at);
    }

    private void ack(String app, String user, AckOutcome outcome, Instant at) {
        AccessAck ack = AccessAck.newBuilder().setAppId(app).setDirectoryId("acme").setUserId(user)
                .setCommandId("c-" + user + ":" + user + ":DEPROVISION").setCommandType(AccessCommandType.DEPROVISION)
                .setOutcome(outcome).setAppliedAt(at).build();
        acks.pipeInput(Keys.user("acme", user), ackSerde.serializer().serialize(Topics.ACCESS_ACKS, ack), at);
    }

    private static AccessCommand command(String user, AccessCommandType type, Instant at) {
        return AccessCommand.newBuilder()
                .setCommandId("c-" + user + ":" + user + ":" + type)
                .setDirectoryId("acme").setUserId(user).setType(type)
                .setUser(UserAttributes.newBuilder().setUserName(user + "@example.com")
                        .setActive(type != AccessCommandType.DEPROVISION).build())
                .setFromState(UserState.ACTIVE).setToState(type == AccessCommandType.DEPROVISION ? UserState.INACTIVE
                        : UserState.ACTIVE)
                .setVersion(2).setChangeId("c-" + user).setSource(ChangeSource.SCIM).setReceivedAt(at).build();
    }
}
