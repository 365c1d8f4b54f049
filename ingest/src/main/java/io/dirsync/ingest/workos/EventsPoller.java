package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.ingest.workos.WorkosEventMapper.Mapped;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.SourceCursor;
import io.dirsync.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WorkOS Events API poller of one environment: pages {@code GET /events} ascending from its cursor and writes
 * each page's changes <em>and</em> the new cursor to Kafka in one transaction (transactional.id of its own), so a
 * crash anywhere loses no event and duplicates none. The cursor only ever moves to the last event a poll returned
 * — never to an id that arrived by webhook: the Events API holds its newest events back from cursor reads for a
 * few seconds, and a cursor moved past them would skip them. A new source starts at {@code range_start} or at its
 * first start, and that start is committed too, so a restart before the first event resumes from the same point.
 */
public final class EventsPoller implements AutoCloseable {

    /** WorkOS's largest page. */
    static final int PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(EventsPoller.class);
    private static final AvroCodec<DirectoryChange> CHANGES = AvroCodec.of(DirectoryChange.class);
    private static final AvroCodec<SourceCursor> CURSORS = AvroCodec.of(SourceCursor.class);
    private static final Duration WARN_EVERY = Duration.ofHours(1);

    /** Runs between the page's sends and its commit: a seam for tests that crash the poller there. */
    public interface BeforeCommit {
        void run(EventsPoller poller);
    }

    private final WorkosSource source;
    private final WorkosApi api;
    private final String bootstrapServers;
    private final KnownDirectories directories;
    private final WorkosStats stats;
    private final Clock clock;
    private volatile BeforeCommit beforeCommit = p -> { };
    private volatile boolean closed;
    private KafkaProducer<String, byte[]> producer;
    private String cursor;
    private Instant lastEventAt;
    private Instant rangeStart;
    private Instant lastWarning = Instant.EPOCH;

    public EventsPoller(WorkosSource source, WorkosApi api, String bootstrapServers, KnownDirectories directories,
                        WorkosStats stats, Clock clock) {
        this.source = source;
        this.api = api;
        this.bootstrapServers = bootstrapServers;
        this.directories = directories;
        this.stats = stats;
        this.clock = clock;
    }

    public void beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
    }

    /**
     * Fences any predecessor with the same transactional.id (aborting what it left open), then resumes from the
     * committed cursor, or commits the starting point of a new source.
     */
    public synchronized void start() {
        producer = newProducer();
        producer.initTransactions();
        Optional<SourceCursor> saved = CursorStore.read(bootstrapServers, source.sourceId(), Duration.ofSeconds(30));
        if (saved.isPresent()) {
            cursor = saved.get().getCursor();
            lastEventAt = saved.get().getLastEventAt();
            rangeStart = cursor == null ? lastEventAt : null;
            LOG.info("WorkOS {}: resuming the Events API after {}", source.name(),
                    cursor != null ? cursor : "range_start " + rangeStart);
        } else {
            rangeStart = source.rangeStart().orElse(clock.instant());
            lastEventAt = rangeStart;
            commit(List.of(), new SourceCursor(source.sourceId(), null, rangeStart, clock.instant()));
            LOG.info("WorkOS {}: new Events API source, starting at range_start {}", source.name(), rangeStart);
        }
        warnIfOld();
    }

    /** The last committed cursor (null until the first event). */
    public synchronized String cursor() {
        return cursor;
    }

    /**
     * Reads one page and commits it; returns the number of events read (a full page means more may be waiting).
     *
     * @throws WorkosApiException when WorkOS could not be read (after the API client's own retries)
     */
    public synchronized int pollOnce() throws WorkosApiException, InterruptedException {
        WorkosApi.Page page = api.events(WorkosEventMapper.EVENT_TYPES, cursor, cursor == null ? rangeStart : null, PAGE);
        if (page.data().isEmpty()) {
            warnIfOld();
            return 0;
        }
        Instant now = clock.instant();
        List<Mapped> mapped = new ArrayList<>();
        String newCursor = null;
        Instant newLastEventAt = lastEventAt;
        for (JsonNode event : page.data()) {
            Mapped m = WorkosEventMapper.map(event, ChangeSource.WORKOS_EVENTS, now);
            m.notes().forEach(note -> stats.increment("events." + note));
            if (m.status() == WorkosEventMapper.Status.MALFORMED) {
                // Counted and logged; the cursor moves past it (it can never become readable by waiting).
                LOG.warn("WorkOS {}: skipping malformed event {} ({})", source.name(), m.eventId(), m.notes());
            }
            mapped.add(m);
            String id = WorkosEventMapper.text(event, "id");
            if (id != null) {
                newCursor = id;
                newLastEventAt = createdAt(event).orElse(newLastEventAt);
            }
        }
        if (newCursor == null) {
            throw new WorkosApiException(200, "an Events API page without a single event id", null);
        }
        KnownDirectories.Batch batch = directories.plan(mapped, ChangeSource.WORKOS_EVENTS, now);
        try {
            commit(batch.changes(), new SourceCursor(source.sourceId(), newCursor, newLastEventAt, now));
        } catch (RuntimeException e) {
            directories.failed(batch);
            throw e;
        }
        cursor = newCursor;
        lastEventAt = newLastEventAt;
        rangeStart = null;
        mapped.stream().filter(m -> m.status() == WorkosEventMapper.Status.MAPPED)
                .forEach(m -> stats.increment("events.mapped." + m.eventType()));
        stats.increment("poller.pages");
        return page.data().size();
    }

    /** Polls until closed: full pages back to back, then every poll interval; WorkOS trouble is waited out. */
    public void run() {
        while (!closed) {
            try {
                if (pollOnce() < PAGE) {
                    Thread.sleep(source.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ProducerFencedException e) {
                LOG.error("WorkOS {}: another poller took over transactional.id {}; this one stops", source.name(),
                        source.transactionalId());
                return;
            } catch (WorkosApiException | RuntimeException e) {
                if (closed) {
                    return;
                }
                stats.increment("poller.errors");
                LOG.warn("WorkOS {}: poll failed, retrying in {} ({})", source.name(), source.pollInterval(), e.toString());
                try {
                    Thread.sleep(source.pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Writes the changes and the cursor atomically; on failure nothing of it is visible to read_committed readers. */
    private void commit(List<DirectoryChange> changes, SourceCursor next) {
        try {
            producer.beginTransaction();
            for (DirectoryChange change : changes) {
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, change.getDirectoryId(), CHANGES.encode(change)));
            }
            producer.send(new ProducerRecord<>(Topics.SOURCE_CURSORS, source.sourceId(), CURSORS.encode(next)));
            // Commit would flush anyway; flushing first makes the window before commit one where every record
            // of the page is on the broker, uncommitted (the window a crash test needs to hit).
            producer.flush();
            beforeCommit.run(this);
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            closeProducer(Duration.ZERO);
            throw e;
        } catch (RuntimeException e) {
            // Kafka trouble, or anything else between begin and commit: nothing of this page becomes visible.
            abortOrRestart();
            throw e;
        }
    }

    private void abortOrRestart() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
            // A producer in a fatal state cannot abort: a new one (same transactional.id) aborts on init.
            LOG.warn("WorkOS {}: could not abort ({}); re-initialising the producer", source.name(), abortFailed.toString());
            closeProducer(Duration.ZERO);
            if (!closed) {
                producer = newProducer();
                producer.initTransactions();
            }
        }
    }

    /**
     * Simulates a crash: the producer dies at once, its open transaction left for the broker (or the next
     * producer with this transactional.id) to abort. For tests.
     */
    public void kill() {
        closed = true;
        closeProducer(Duration.ZERO);
    }

    private void closeProducer(Duration timeout) {
        try {
            if (producer != null) {
                producer.close(timeout);
            }
        } catch (RuntimeException ignored) {
            // closing a broken producer
        }
    }

    private void warnIfOld() {
        Instant now = clock.instant();
        if (lastEventAt != null && Duration.between(lastEventAt, now).compareTo(source.cursorWarnAge()) > 0
                && Duration.between(lastWarning, now).compareTo(WARN_EVERY) > 0) {
            lastWarning = now;
            stats.increment("poller.cursor-old");
            LOG.warn("WorkOS {}: the Events API cursor's last event is from {} ({} days ago); WorkOS keeps events "
                            + "about 30 days, after which this position is lost: run 'dirsync reconcile' per directory",
                    source.name(), lastEventAt, Duration.between(lastEventAt, now).toDays());
        }
    }

    private static Optional<Instant> createdAt(JsonNode event) {
        String s = WorkosEventMapper.text(event, "created_at");
        try {
            return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, source.transactionalId());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, source.transactionalId());
        // A crashed poller's open transaction blocks read_committed readers until aborted; keep that bounded.
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        closeProducer(Duration.ofSeconds(5));
    }
}
