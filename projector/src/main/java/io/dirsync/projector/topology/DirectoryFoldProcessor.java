package io.dirsync.projector.topology;

import io.dirsync.projector.lifecycle.Change;
import io.dirsync.projector.lifecycle.Command;
import io.dirsync.projector.lifecycle.Event;
import io.dirsync.projector.lifecycle.Group;
import io.dirsync.projector.lifecycle.Lifecycle;
import io.dirsync.projector.lifecycle.Transition;
import io.dirsync.projector.lifecycle.User;
import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Thin shell around the lifecycle core: decode, load the directory view, call the core, store, forward.
 * Business rules live in {@link Lifecycle}; this class only moves data between Kafka and the core.
 */
final class DirectoryFoldProcessor implements Processor<String, byte[], String, Object> {

    static final String DLQ_TOPIC = "dirsync.dlq.topic";
    static final String DLQ_PARTITION = "dirsync.dlq.partition";
    static final String DLQ_OFFSET = "dirsync.dlq.offset";
    static final String DLQ_ERROR = "dirsync.dlq.error";

    private final FoldMetrics metrics;
    private final ReplayMarks marks;
    private final GuardPolicies policies;
    private final AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
    private ProcessorContext<String, Object> context;
    private StoreDirectory.Stores stores;

    DirectoryFoldProcessor(FoldMetrics metrics, ReplayMarks marks, GuardPolicies policies) {
        this.metrics = metrics;
        this.marks = marks;
        this.policies = policies;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.stores = new StoreDirectory.Stores(
                context.getStateStore(ProjectorTopology.USERS_STORE),
                context.getStateStore(ProjectorTopology.USERNAMES_STORE),
                context.getStateStore(ProjectorTopology.EXTERNALIDS_STORE),
                context.getStateStore(ProjectorTopology.GROUP_EXTERNALIDS_STORE),
                context.getStateStore(ProjectorTopology.APPLIED_CHANGES_STORE),
                context.getStateStore(ProjectorTopology.GROUPS_STORE),
                context.getStateStore(ProjectorTopology.GROUPNAMES_STORE),
                context.getStateStore(ProjectorTopology.MEMBERS_STORE),
                context.getStateStore(ProjectorTopology.USER_GROUPS_STORE),
                context.getStateStore(ProjectorTopology.GUARD_STORE),
                context.getStateStore(ProjectorTopology.HELD_STORE));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // Below a replay's mark the change was folded and emitted before: rebuild state, emit nothing new.
        boolean emit = !marks.readOnly() && context.recordMetadata()
                .map(m -> !marks.suppressed(m.partition(), m.offset())).orElse(true);
        DirectoryChange change;
        try {
            change = codec.decode(record.value());
        } catch (UndecodableRecordException e) {
            if (emit) {
                deadLetter(record, e);
            }
            return;
        }
        if (marks.beyondAsOf(change.getReceivedAt())) {
            return;
        }
        if (!emit) {
            metrics.suppressed();
        }
        String directoryId = change.getDirectoryId();
        Change core = AvroMapping.toCore(change);
        Transition transition = Lifecycle.apply(
                new StoreDirectory(directoryId, stores, policies.of(directoryId)), core);
        for (Transition.Write write : transition.writes()) {
            store(write.before(), write.after(), record);
        }
        for (Transition.GroupWrite write : transition.groupWrites()) {
            store(directoryId, write);
        }
        for (Transition.MembershipWrite write : transition.memberships()) {
            String member = StoreDirectory.pairKey(directoryId, write.groupId(), write.userId());
            String reverse = StoreDirectory.pairKey(directoryId, write.userId(), write.groupId());
            if (write.member()) {
                stores.members().put(member, change.getReceivedAt().toEpochMilli());
                stores.userGroups().put(reverse, change.getReceivedAt().toEpochMilli());
            } else {
                stores.members().delete(member);
                stores.userGroups().delete(reverse);
            }
        }
        for (Transition.HeldWrite write : transition.heldWrites()) {
            String key = Keys.user(directoryId, write.userId());
            if (write.held().isPresent()) {
                stores.held().put(key, AvroMapping.toAvro(directoryId, write.held().get()));
            } else {
                stores.held().delete(key);
            }
        }
        transition.guard().ifPresent(g -> stores.guard().put(directoryId, AvroMapping.toAvro(directoryId, g)));
        if (Lifecycle.needsLedger(core)) {
            stores.appliedChanges().putIfAbsent(Keys.user(directoryId, change.getChangeId()),
                    context.recordMetadata().map(RecordMetadata::offset).orElse(-1L));
        }
        transition.anomalies().forEach(metrics::anomaly);
        metrics.folded();
        if (!emit) {
            return;
        }
        for (Event event : transition.events()) {
            forward(record, Keys.user(directoryId, event.userId()), AvroMapping.toAvro(change, event),
                    ProjectorTopology.LIFECYCLE_EVENTS_SINK);
        }
        for (Command command : transition.commands()) {
            forward(record, Keys.user(directoryId, command.userId()), AvroMapping.toAvro(directoryId, command),
                    ProjectorTopology.ACCESS_COMMANDS_SINK);
        }
        if (change.getRequestId() != null) {
            forward(record, change.getRequestId(), AvroMapping.toAvro(change, transition.outcome()),
                    ProjectorTopology.CHANGE_OUTCOMES_SINK);
        }
    }

    private void store(String directoryId, Transition.GroupWrite write) {
        Optional<Group> before = write.before();
        Optional<Group> after = write.after();
        String groupId = after.or(() -> before).orElseThrow().groupId();
        String key = Keys.user(directoryId, groupId);
        if (after.isPresent()) {
            stores.groups().put(key, AvroMapping.toAvro(after.get()));
        } else {
            stores.groups().delete(key);
        }
        String oldName = before.map(g -> StoreDirectory.userNameKey(directoryId, g.displayName())).orElse(null);
        String newName = after.map(g -> StoreDirectory.userNameKey(directoryId, g.displayName())).orElse(null);
        if (oldName != null && !oldName.equals(newName) && groupId.equals(stores.groupNames().get(oldName))) {
            stores.groupNames().delete(oldName);
        }
        if (newName != null && !newName.equals(oldName)) {
            stores.groupNames().put(newName, groupId);
        }
        index(stores.groupExternalIds(), directoryId, groupId, before.map(Group::externalId).orElse(null),
                after.map(Group::externalId).orElse(null));
    }

    /** Keeps an externalId index equal to "externalId of every resource that exists"; untouched when unchanged. */
    private static void index(KeyValueStore<String, String> externalIds, String directoryId, String id,
                              String oldExternalId, String newExternalId) {
        if (Objects.equals(oldExternalId, newExternalId)) {
            return;
        }
        if (oldExternalId != null) {
            externalIds.delete(ProjectorTopology.externalIdPrefix(directoryId, oldExternalId) + id);
        }
        if (newExternalId != null) {
            externalIds.put(ProjectorTopology.externalIdPrefix(directoryId, newExternalId) + id, id);
        }
    }

    private void store(Optional<User> before, User after, Record<String, byte[]> record) {
        String key = Keys.user(after.directoryId(), after.userId());
        byte[] value = UserValues.encode(AvroMapping.toAvro(after));
        KeyValueStore<String, String> userNames = stores.userNames();
        stores.users().put(key, value);
        // Keep the userName index equal to "userName of every user that exists"; most changes leave it as is,
        // and every untouched index write saves a changelog record.
        String oldName = before.filter(User::exists)
                .map(b -> StoreDirectory.userNameKey(b.directoryId(), b.data().userName())).orElse(null);
        String newName = after.exists() ? StoreDirectory.userNameKey(after.directoryId(), after.data().userName()) : null;
        // Sources that share a userName between users (authoritative ones may) keep the index on the newest.
        if (oldName != null && !oldName.equals(newName) && after.userId().equals(userNames.get(oldName))) {
            userNames.delete(oldName);
        }
        if (newName != null && !newName.equals(oldName)) {
            userNames.put(newName, after.userId());
        }
        index(stores.externalIds(), after.directoryId(), after.userId(),
                before.filter(User::exists).map(b -> b.data().externalId()).orElse(null),
                after.exists() ? after.data().externalId() : null);
        if (!marks.readOnly()) {
            // The compacted state topic is rewritten by a replay (same values), never by a point-in-time build.
            forward(record, key, value, ProjectorTopology.USER_LIFECYCLE_SINK);
        }
    }

    private void forward(Record<String, byte[]> input, String key, Object value, String sink) {
        context.forward(new Record<String, Object>(key, value, input.timestamp(), new RecordHeaders()), sink);
    }

    private void deadLetter(Record<String, byte[]> record, UndecodableRecordException error) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        Optional<RecordMetadata> meta = context.recordMetadata();
        headers.add(DLQ_TOPIC, utf8(meta.map(RecordMetadata::topic).orElse("")));
        headers.add(DLQ_PARTITION, utf8(meta.map(m -> Integer.toString(m.partition())).orElse("")));
        headers.add(DLQ_OFFSET, utf8(meta.map(m -> Long.toString(m.offset())).orElse("")));
        headers.add(DLQ_ERROR, utf8(error.getMessage()));
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                ProjectorTopology.DEAD_LETTERS_SINK);
        metrics.deadLetter();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
