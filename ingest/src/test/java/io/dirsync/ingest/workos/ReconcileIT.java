package io.dirsync.ingest.workos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code dirsync reconcile} end to end: WorkOS ({@link FakeWorkos}) and dirsync's state ({@link FakeProjector})
 * disagree in every way there is; the command reports each kind of drift, writes the correcting RECONCILE changes
 * to the real broker, stays within 4 requests/s, and a re-run against the same state emits the same change ids.
 */
class ReconcileIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();
    private static final String KEY = "sk_test_reconcile";
    private static final Instant UPDATED = Instant.parse("2026-04-01T10:00:00Z");

    private FakeWorkos workos;
    private FakeProjector projector;
    private String dir;

    @BeforeEach
    void start() throws Exception {
        workos = new FakeWorkos(KEY);
        projector = new FakeProjector();
        dir = "directory_rec_" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode u1 = WorkosObjects.user(dir, "u1", "ann@example.com", "active", UPDATED);
        ObjectNode u2 = WorkosObjects.user(dir, "u2", "bob@example.com", "inactive", UPDATED);
        ObjectNode u3 = WorkosObjects.user(dir, "u3", "cyd@example.com", "active", UPDATED);
        ObjectNode u4 = WorkosObjects.user(dir, "u4", "dee@example.com", "active", UPDATED);
        ((ObjectNode) u4.get("custom_attributes")).put("job_title", "Staff Engineer");
        ObjectNode u6 = WorkosObjects.user(dir, "u6", "fay@example.com", "active", UPDATED);
        workos.directory(dir, List.of(u1, u2, u3, u4, u6),
                List.of(WorkosObjects.group(dir, "g1", "Eng"), WorkosObjects.group(dir, "g2", "Ops"),
                        WorkosObjects.group(dir, "g3", "Sales EMEA")),
                Map.of("g1", List.of("u1", "u3"), "g2", List.of("u4"), "g3", List.of()));

        projector.user(dir, "u1", UserState.ACTIVE, 1, attributes(u1));
        projector.user(dir, "u2", UserState.ACTIVE, 4, attributes(WorkosObjects.user(dir, "u2", "bob@example.com", "active", UPDATED)));
        projector.user(dir, "u4", UserState.ACTIVE, 2, attributes(WorkosObjects.user(dir, "u4", "dee@example.com", "active", UPDATED)));
        projector.user(dir, "u5", UserState.ACTIVE, 7, attributes(WorkosObjects.user(dir, "u5", "eve@example.com", "active", UPDATED)));
        projector.user(dir, "u6", UserState.INACTIVE, 3, attributes(WorkosObjects.user(dir, "u6", "fay@example.com", "inactive", UPDATED)));
        projector.user(dir, "u7", UserState.INACTIVE, 5, attributes(WorkosObjects.user(dir, "u7", "gus@example.com", "inactive", UPDATED)));
        projector.group(dir, "g1", "Eng", "idp-g1", List.of("u1", "u2"));
        projector.group(dir, "g3", "Sales", "idp-g3", List.of());
        projector.group(dir, "g4", "Old", "idp-g4", List.of("u1"));
    }

    @AfterEach
    void stop() {
        workos.close();
        projector.close();
    }

    private static UserAttributes attributes(JsonNode workosUser) {
        return WorkosEventMapper.attributes(workosUser, new ArrayList<>());
    }

    private record Run(int exit, String out, String err) {
    }

    private Run reconcile(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(dir, "--bootstrap-servers", KAFKA.bootstrapServers()));
        args.addAll(List.of(extra));
        int exit = Reconcile.run(args.toArray(String[]::new), Map.of("DIRSYNC_WORKOS_API_KEY", KEY,
                        "DIRSYNC_WORKOS_BASE_URL", workos.baseUrl().toString(),
                        "DIRSYNC_PROJECTOR_URL", projector.url().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReconcileOnScheduleWhatTheCommandWould() {
        ReconcileSchedule schedule = new ReconcileSchedule(dir + ", ", Map.of("DIRSYNC_WORKOS_API_KEY", KEY,
                "DIRSYNC_WORKOS_BASE_URL", workos.baseUrl().toString(),
                "DIRSYNC_PROJECTOR_URL", projector.url().toString(),
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()));

        assertThat(schedule.tick()).isZero();
        assertThat(schedule.tick()).isZero();

        // Two rounds against the same state: the same ten corrections, by id.
        List<DirectoryChange> log = LogReader.changes(KAFKA.bootstrapServers(), dir, true);
        assertThat(log).hasSize(20);
        assertThat(log.stream().map(DirectoryChange::getChangeId).distinct()).hasSize(10);
    }

    @Test
    void shouldReportEveryKindOfDriftAndWriteTheChangesThatCorrectIt() {
        Run run = reconcile();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("user\\.missing\\s+1").containsPattern("user\\.leaver\\.inactive\\s+1")
                .containsPattern("user\\.leaver\\.gone\\s+1").containsPattern("user\\.gone\\s+1")
                .containsPattern("user\\.rejoined\\s+1").containsPattern("user\\.attributes\\s+1")
                .containsPattern("group\\.missing\\s+1").containsPattern("group\\.gone\\s+1")
                .containsPattern("group\\.renamed\\s+1").containsPattern("membership\\.added\\s+1")
                .containsPattern("membership\\.removed\\s+1")
                .contains("5 users, 3 groups").contains("10 RECONCILE changes written");

        List<DirectoryChange> log = LogReader.changes(KAFKA.bootstrapServers(), dir, true);
        assertThat(log).hasSize(10).allSatisfy(c -> {
            assertThat(c.getSource()).isEqualTo(ChangeSource.RECONCILE);
            assertThat(c.getChangeId()).startsWith("reconcile:" + dir + ":");
        });
        assertThat(payload(log, CreateUser.class)).singleElement()
                .satisfies(c -> assertThat(c.getUserId()).isEqualTo("u3"));
        assertThat(payload(log, ReplaceUser.class)).extracting(ReplaceUser::getUserId).containsExactlyInAnyOrder("u2", "u4", "u6");
        assertThat(payload(log, ReplaceUser.class)).filteredOn(r -> r.getUserId().equals("u2"))
                .singleElement().satisfies(r -> assertThat(r.getUser().getActive()).as("leaver").isFalse());
        assertThat(payload(log, DeleteUser.class)).extracting(DeleteUser::getUserId).containsExactlyInAnyOrder("u5", "u7");
        assertThat(payload(log, CreateGroup.class)).singleElement().satisfies(g -> {
            assertThat(g.getGroupId()).isEqualTo("g2");
            assertThat(g.getAddMembers()).containsExactly("u4");
        });
        assertThat(payload(log, DeleteGroup.class)).extracting(DeleteGroup::getGroupId).containsExactly("g4");
        assertThat(payload(log, UpdateGroup.class)).hasSize(2).anySatisfy(u -> {
            assertThat(u.getGroupId()).isEqualTo("g1");
            assertThat(u.getAddMembers()).containsExactly("u3");
            assertThat(u.getRemoveMembers()).containsExactly("u2");
            assertThat(u.getDisplayName()).as("membership only: name kept").isNull();
        }).anySatisfy(u -> {
            assertThat(u.getGroupId()).isEqualTo("g3");
            assertThat(u.getDisplayName()).isEqualTo("Sales EMEA");
        });
    }

    @Test
    void shouldEmitTheSameChangeIdsWhenRunAgainstTheSameStateAndNothingOnADryRun() {
        assertThat(reconcile("--dry-run").out()).contains("10 changes NOT written (--dry-run)");
        assertThat(LogReader.changes(KAFKA.bootstrapServers(), dir, true)).isEmpty();

        reconcile();
        reconcile();

        List<String> ids = LogReader.changes(KAFKA.bootstrapServers(), dir, true).stream()
                .map(DirectoryChange::getChangeId).toList();
        assertThat(ids).hasSize(20);
        assertThat(ids.subList(10, 20)).containsExactlyInAnyOrderElementsOf(ids.subList(0, 10));
    }

    @Test
    void shouldStayWithinFourRequestsPerSecondOfTheWorkosApi() {
        reconcile("--dry-run");

        List<FakeWorkos.Request> requests = workos.requests;
        assertThat(requests).hasSizeGreaterThanOrEqualTo(5);
        // As WorkOS would see it: no window of five requests shorter than a second (at most 4 per second).
        for (int i = 4; i < requests.size(); i++) {
            assertThat(Duration.between(requests.get(i - 4).at(), requests.get(i).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldReconcileUsersAloneWhenTheProjectorServesNoGroups() {
        projector.groupsServed = false;

        Run run = reconcile("--dry-run");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("groups skipped").containsPattern("user\\.leaver\\.gone\\s+1")
                .containsPattern("group\\.missing\\s+0");
    }

    @Test
    void shouldFailClearlyWithoutAnApiKeyOrWithARejectedOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Reconcile.run(new String[] {dir}, Map.of(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DIRSYNC_WORKOS_API_KEY");

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        int rejected = Reconcile.run(new String[] {dir, "--dry-run"}, Map.of("DIRSYNC_WORKOS_API_KEY", "sk_wrong_secret",
                        "DIRSYNC_WORKOS_BASE_URL", workos.baseUrl().toString(), "DIRSYNC_PROJECTOR_URL", projector.url().toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err2, true, StandardCharsets.UTF_8));
        assertThat(rejected).isEqualTo(1);
        assertThat(err2.toString(StandardCharsets.UTF_8)).contains("401").doesNotContain("sk_wrong_secret");
    }

    private static <T> List<T> payload(List<DirectoryChange> log, Class<T> type) {
        return log.stream().map(DirectoryChange::getPayload).filter(type::isInstance).map(type::cast).toList();
    }
}
