package io.dirsync.projector.offboarding;

import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.LifecycleEventType;
import io.dirsync.schemas.OffboardingCase;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Thin shell around {@link Offboarding}: decodes commands and acks (both keyed {@code directoryId/userId}, so one
 * task sees a user's commands and acks), loads the case, calls the rules, stores, watches deadlines and forwards
 * OFFBOARDING_* events. Time is record time: before and after each record, deadlines that stream time passed fire.
 * Records a replay already processed (below its marks) rebuild the state without emitting again.
 */
final class OffboardingProcessor implements Processor<String, byte[], String, Object> {

    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final int DEADLINE_DIGITS = 19;

    private final ReplayMarks marks;
    private final AvroCodec<AccessCommand> commands = AvroCodec.of(AccessCommand.class);
    private final AvroCodec<AccessAck> acks = AvroCodec.of(AccessAck.class);
    private OffboardingSettings settings;
    private OffboardingMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, OffboardingCase> cases;
    private KeyValueStore<String, String> deadlines;
    // The earliest deadline in the store, so that a record with nothing due (almost every one) skips the range
    // scan; UNKNOWN after a restart or a firing until the next scan finds it. May be early, never late.
    private long nextDeadline = UNKNOWN;

    OffboardingProcessor(ReplayMarks marks) {
        this.marks = marks;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.settings = OffboardingSettings.from(context.appConfigs(), System.getenv());
        this.metrics = new OffboardingMetrics(context.metrics());
        this.cases = context.getStateStore(OffboardingTopology.STORE);
        this.deadlines = context.getStateStore(OffboardingTopology.DEADLINES_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        boolean emit = !marks.readOnly() && meta.map(m -> !marks.suppressed(m.topic(), m.partition(), m.offset()))
                .orElse(true);
        long now = Math.max(context.currentStreamTimeMs(), record.timestamp());
        expire(now, emit);
        if (marks.beyondAsOf(Instant.ofEpochMilli(record.timestamp()))) {
            return;
        }
        String topic = meta.map(RecordMetadata::topic).orElse(Topics.ACCESS_COMMANDS);
        try {
            if (topic.equals(Topics.ACCESS_ACKS)) {
                AccessAck ack = acks.decode(record.value());
                String key = caseKey(ack.getDirectoryId(), ack.getUserId(), ack.getCommandId());
                OffboardingCase existing = cases.get(key);
                // Only DEPROVISION acks (or acks of a known case: old apps send UNKNOWN types) are offboarding evidence.
                if (existing != null || ack.getCommandType() == AccessCommandType.DEPROVISION) {
                    apply(key, Offboarding.onAck(existing, ack, now), now, emit);
                }
            } else {
                AccessCommand command = commands.decode(record.value());
                if (command.getType() == AccessCommandType.DEPROVISION) {
                    String key = caseKey(command.getDirectoryId(), command.getUserId(), command.getCommandId());
                    apply(key, Offboarding.onDeprovision(cases.get(key), command, settings, now), now, emit);
                }
            }
        } catch (UndecodableRecordException e) {
            if (emit) {
                deadLetter(record, meta, e);
            }
        }
        // A case opened from history may already be past its deadline.
        expire(now, emit);
    }

    private void apply(String key, Offboarding.Decision d, long now, boolean emit) {
        cases.put(key, d.next());
        for (Offboarding.Deadline w : d.watch()) {
            deadlines.put(deadlineKey(w.at(), key, w.appId()), key);
            nextDeadline = Math.min(nextDeadline, w.at()); // UNKNOWN is the minimum: stays unknown
        }
        for (String app : d.unwatch()) {
            for (var a : d.next().getApps()) {
                if (a.getAppId().equals(app) && a.getSlaMillis() != null && d.next().getCommand() != null) {
                    deadlines.delete(deadlineKey(d.next().getCommand().getReceivedAt().toEpochMilli() + a.getSlaMillis(),
                            key, app));
                }
            }
        }
        if (!emit) {
            return;
        }
        d.settled().forEach(s -> metrics.settled(s.appId(), s.took()));
        d.overdue().forEach(metrics::overdue);
        for (Offboarding.Emit e : d.emits()) {
            forward(d.next(), e, now);
        }
    }

    /** Fires every deadline strictly before {@code now}, oldest first. */
    private void expire(long now, boolean emit) {
        if (nextDeadline != UNKNOWN && nextDeadline >= now) {
            return;
        }
        List<KeyValue<String, String>> due = new ArrayList<>();
        nextDeadline = Long.MAX_VALUE;
        try (KeyValueIterator<String, String> it = deadlines.range(deadlineKey(0, "", ""), null)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                long at = Long.parseLong(kv.key.substring(0, DEADLINE_DIGITS));
                if (at >= now) {
                    nextDeadline = at;
                    break;
                }
                due.add(kv);
            }
        }
        for (KeyValue<String, String> kv : due) {
            deadlines.delete(kv.key);
            OffboardingCase c = cases.get(kv.value);
            if (c != null) {
                String app = kv.key.substring(kv.key.lastIndexOf('|') + 1);
                apply(kv.value, Offboarding.onDeadline(c, app, now), now, emit);
            }
        }
    }

    private void forward(OffboardingCase c, Offboarding.Emit e, long now) {
        AccessCommand cmd = c.getCommand();
        LifecycleEventType type = e.complete() ? LifecycleEventType.OFFBOARDING_COMPLETE : LifecycleEventType.OFFBOARDING_OVERDUE;
        LifecycleEvent event = LifecycleEvent.newBuilder()
                .setEventId(cmd.getCommandId() + ":" + type + (e.appId() == null ? "" : ":" + e.appId()))
                .setDirectoryId(cmd.getDirectoryId())
                .setUserId(cmd.getUserId())
                .setType(type)
                .setFromState(cmd.getFromState())
                .setToState(cmd.getToState())
                .setVersion(cmd.getVersion())
                .setChangeId(cmd.getChangeId())
                .setSource(cmd.getSource())
                .setReceivedAt(cmd.getReceivedAt())
                .setOccurredAt(cmd.getOccurredAt())
                .setCommandId(cmd.getCommandId())
                .setAppId(e.appId())
                .setDetail(e.detail())
                .build();
        context.forward(new Record<String, Object>(Keys.user(cmd.getDirectoryId(), cmd.getUserId()), event, now,
                new RecordHeaders()), OffboardingTopology.EVENTS_SINK);
    }

    private void deadLetter(Record<String, byte[]> record, Optional<RecordMetadata> meta, UndecodableRecordException e) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add("dirsync.dlq.topic", utf8(meta.map(RecordMetadata::topic).orElse("")));
        headers.add("dirsync.dlq.partition", utf8(meta.map(m -> Integer.toString(m.partition())).orElse("")));
        headers.add("dirsync.dlq.offset", utf8(meta.map(m -> Long.toString(m.offset())).orElse("")));
        headers.add("dirsync.dlq.error", utf8(e.getMessage()));
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                OffboardingTopology.DEAD_LETTERS_SINK);
    }

    /** {@code directoryId/userId/commandId}: a prefix scan by directory or user finds its cases. */
    static String caseKey(String directoryId, String userId, String commandId) {
        return Keys.user(directoryId, userId) + "/" + commandId;
    }

    /** Zero-padded deadline first, so a range scan up to "now" finds exactly the due ones in time order. */
    static String deadlineKey(long at, String caseKey, String app) {
        String digits = Long.toString(at);
        return "0".repeat(DEADLINE_DIGITS - digits.length()) + digits + "|" + caseKey + "|" + app;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
