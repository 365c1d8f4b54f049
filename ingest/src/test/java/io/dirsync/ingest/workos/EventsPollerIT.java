package io.dirsync.ingest.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.SourceCursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Events API poller against {@link FakeWorkos} and a real broker: every event is written exactly once
 * (counted per changeId by a read_committed reader) whatever happens between produce and cursor commit, the
 * cursor survives restarts, back-off honours Retry-After, and events held back by the visibility lag are not
 * skipped.
 */
class EventsPollerIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();
    private static final String KEY = "sk_test_poller";

    private FakeWorkos workos;
    private String environment;
    private String directory;
    private final List<EventsPoller> pollers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        workos = new FakeWorkos(KEY);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        environment = "env-" + unique;
        directory = "directory_" + unique;
    }

    @AfterEach
    void stop() {
        pollers.forEach(EventsPoller::close);
        workos.close();
    }

    private WorkosSource source(Optional<Instant> rangeStart) {
        return WorkosSource.of(environment, Secret.of(KEY), List.of(), workos.baseUrl())
                .withPoller(Duration.ofMillis(100), rangeStart, "dirsync-workos-" + environment);
    }

    private EventsPoller poller(Optional<Instant> rangeStart, Clock clock, WorkosStats stats) {
        EventsPoller p = new EventsPoller(source(rangeStart), new WorkosApi(workos.baseUrl(), Secret.of(KEY),
                Duration.ZERO, 6), KAFKA.bootstrapServers(), new KnownDirectories(), stats, clock);
        pollers.add(p);
        p.start();
        return p;
    }

    private EventsPoller poller() {
        return poller(Optional.of(Instant.now().minusSeconds(3600)), Clock.systemUTC(), new WorkosStats());
    }

    private List<String> publishUsers(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String userId = "directory_user_" + ids.size() + "_" + UUID.randomUUID().toString().substring(0, 6);
            ids.add(workos.publish(WorkosObjects.event("dsync.user.created",
                    WorkosObjects.user(directory, userId, "u" + i + "@example.com", "active", Instant.now()))));
        }
        return ids;
    }

    private static void drain(EventsPoller poller) throws Exception {
        while (poller.pollOnce() == EventsPoller.PAGE) {
            // full pages back to back, as the running poller does
        }
    }

    /** changeId → how many times a read_committed reader sees it (the first-sight activation excluded). */
    private Map<String, Long> committedCounts() {
        return LogReader.changes(KAFKA.bootstrapServers(), directory, true).stream()
                .map(DirectoryChange::getChangeId).filter(id -> id.startsWith("event_"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void shouldWriteEveryEventOnceInOrderAndResumeFromTheCommittedCursor() throws Exception {
        List<String> first = publishUsers(230);
        EventsPoller poller = poller();
        drain(poller);

        List<DirectoryChange> log = LogReader.changes(KAFKA.bootstrapServers(), directory, true);
        assertThat(log.get(0).getChangeId()).as("first sight registers the directory").startsWith("workos-first-sight:");
        assertThat(log.subList(1, log.size())).extracting(DirectoryChange::getChangeId).containsExactlyElementsOf(first);
        assertThat(log).allSatisfy(c -> assertThat(c.getSource()).isEqualTo(ChangeSource.WORKOS_EVENTS));
        List<SourceCursor> cursors = LogReader.cursors(KAFKA.bootstrapServers(), "workos:" + environment);
        assertThat(cursors.get(cursors.size() - 1).getCursor()).isEqualTo(first.get(first.size() - 1));
        assertThat(workos.requests("/events")).allSatisfy(r -> {
            assertThat(r.query().get("limit")).isEqualTo("100");
            assertThat(r.query().get("events").split(",")).containsExactlyInAnyOrderElementsOf(WorkosEventMapper.EVENT_TYPES);
        });

        poller.close();
        List<String> more = publishUsers(5);
        EventsPoller restarted = poller();
        drain(restarted);

        assertThat(restarted.cursor()).isEqualTo(more.get(more.size() - 1));
        assertThat(workos.requests("/events").get(workos.requests("/events").size() - 1).query().get("after"))
                .as("the restarted poller resumed after the committed cursor").isEqualTo(first.get(first.size() - 1));
        Map<String, Long> counts = committedCounts();
        assertThat(counts).hasSize(235).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenThePollerDiesBetweenProduceAndCursorCommit() throws Exception {
        List<String> ids = publishUsers(150);
        EventsPoller victim = poller();
        AtomicInteger commits = new AtomicInteger();
        victim.beforeCommit(p -> {
            // First page commits; the second page's records are sent, then the process "dies" before the commit.
            if (commits.incrementAndGet() == 2) {
                p.kill();
                throw new IllegalStateException("killed between produce and commit");
            }
        });
        victim.pollOnce();
        assertThatThrownBy(victim::pollOnce).isInstanceOf(RuntimeException.class);

        EventsPoller successor = poller();
        drain(successor);

        Map<String, Long> counts = committedCounts();
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(counts).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        long written = LogReader.changes(KAFKA.bootstrapServers(), directory, false).stream()
                .filter(c -> c.getChangeId().startsWith("event_")).count();
        assertThat(written).as("the dead poller really wrote its page before dying (then aborted)").isEqualTo(150 + 50);
    }

    @Test
    void shouldAbortAFailedPageAndWriteItOnceOnTheNextPoll() throws Exception {
        List<String> ids = publishUsers(20);
        EventsPoller poller = poller();
        AtomicInteger commits = new AtomicInteger();
        poller.beforeCommit(p -> {
            if (commits.incrementAndGet() == 1) {
                throw new IllegalStateException("simulated failure before commit");
            }
        });

        assertThatThrownBy(poller::pollOnce).hasMessageContaining("simulated");
        assertThat(poller.cursor()).isNull();
        drain(poller);

        assertThat(committedCounts().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(committedCounts()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    }

    @Test
    void shouldBackOffOn429And5xxHonouringRetryAfter() throws Exception {
        List<String> ids = publishUsers(3);
        EventsPoller poller = poller();
        int before = workos.requests("/events").size();
        workos.failNext(429, "1", 1);
        workos.failNext(503, null, 1);
        workos.failNext(500, null, 1);

        drain(poller);

        List<FakeWorkos.Request> requests = workos.requests("/events").subList(before, workos.requests("/events").size());
        assertThat(requests).hasSizeGreaterThanOrEqualTo(4);
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
                .as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(committedCounts().keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void shouldNeverSkipEventsTheEventsApiStillHoldsBack() throws Exception {
        List<String> early = publishUsers(3);
        EventsPoller poller = poller();
        drain(poller);
        String cursor = poller.cursor();
        assertThat(cursor).isEqualTo(early.get(2));

        // New events, already delivered by webhook, are not yet visible to cursor reads.
        workos.lag(Duration.ofMillis(1500));
        List<String> late = publishUsers(2);
        assertThat(poller.pollOnce()).isZero();
        assertThat(poller.cursor()).as("nothing visible: the cursor stays").isEqualTo(cursor);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> poller.pollOnce() > 0 || late.get(1).equals(poller.cursor()));
        drain(poller);

        assertThat(poller.cursor()).isEqualTo(late.get(1));
        List<String> all = new ArrayList<>(early);
        all.addAll(late);
        assertThat(committedCounts().keySet()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void shouldStartANewSourceAtRangeStartAndKeepThatStartAcrossARestart() throws Exception {
        publishUsers(2);
        Instant start = Instant.now().plusMillis(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        await().until(() -> Instant.now().isAfter(start));
        List<String> later = publishUsers(2);

        EventsPoller first = poller(Optional.of(start), Clock.systemUTC(), new WorkosStats());
        first.close();
        EventsPoller restarted = poller(Optional.empty(), Clock.systemUTC(), new WorkosStats());
        drain(restarted);

        assertThat(workos.requests("/events").get(0).query()).containsEntry("range_start", start.toString())
                .doesNotContainKey("after");
        assertThat(committedCounts().keySet()).containsExactlyInAnyOrderElementsOf(later);
    }

    @Test
    void shouldWarnWhenTheCursorIsOlderThanTheWarningAge() throws Exception {
        publishUsers(1);
        WorkosStats stats = new WorkosStats();
        Clock in26Days = Clock.offset(Clock.systemUTC(), Duration.ofDays(26));
        EventsPoller poller = poller(Optional.of(Instant.now().minusSeconds(60)), in26Days, stats);

        drain(poller);
        poller.pollOnce();

        assertThat(stats.get("poller.cursor-old")).isGreaterThanOrEqualTo(1);
    }
}
