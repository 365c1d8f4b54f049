package io.dirsync.projector.topology;

import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AvroSerde;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.GuardState;
import io.dirsync.schemas.HeldCommand;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The projector's topology as a plain function: one source (the change log), one stateful fold per
 * directory, one sink per output topic. Every node and store is named, so internal topic names
 * (the stores' changelogs) never shift when the topology is edited.
 */
public final class ProjectorTopology {

    public static final String SOURCE = "directory-changes-source";
    public static final String FOLD = "directory-fold";
    public static final String USERS_STORE = "users-store";
    public static final String USERNAMES_STORE = "usernames-store";
    public static final String EXTERNALIDS_STORE = "externalids-store";
    public static final String GROUP_EXTERNALIDS_STORE = "group-externalids-store";
    public static final String APPLIED_CHANGES_STORE = "applied-changes-store";
    public static final String GROUPS_STORE = "groups-store";
    public static final String GROUPNAMES_STORE = "groupnames-store";
    public static final String MEMBERS_STORE = "group-members-store";
    public static final String USER_GROUPS_STORE = "user-groups-store";
    public static final String GUARD_STORE = "guard-store";
    public static final String HELD_STORE = "held-commands-store";
    public static final String USER_LIFECYCLE_SINK = "user-lifecycle-sink";
    public static final String LIFECYCLE_EVENTS_SINK = "lifecycle-events-sink";
    public static final String ACCESS_COMMANDS_SINK = "access-commands-sink";
    public static final String CHANGE_OUTCOMES_SINK = "change-outcomes-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    private ProjectorTopology() {
    }

    /**
     * Prefix of the externalId index entries of one externalId; an entry is this plus the resource id. An
     * externalId containing '/' can make a prefix scan meet a longer externalId, so readers check the resource.
     */
    public static String externalIdPrefix(String directoryId, String externalId) {
        return directoryId + "/" + externalId + "/";
    }

    public static Topology build(FoldMetrics metrics) {
        return build(metrics, ReplayMarks.none());
    }

    /** The topology with a replay's marks: history below them is folded again without being re-emitted. */
    public static Topology build(FoldMetrics metrics, ReplayMarks marks) {
        return build(metrics, marks, GuardPolicies.standard());
    }

    /** The topology with a replay's marks and the guard's policies. */
    public static Topology build(FoldMetrics metrics, ReplayMarks marks, GuardPolicies policies) {
        Topology topology = new Topology();
        // Values are read as bytes so that a record we cannot decode reaches the fold and becomes a dead letter.
        topology.addSource(AutoOffsetReset.earliest(), SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), Topics.DIRECTORY_CHANGES);
        // Fold each change into its directory's state; one task owns a directory, so no coordination.
        topology.addProcessor(FOLD, () -> new DirectoryFoldProcessor(metrics, marks, policies), SOURCE);
        // Users as the bytes the fold also publishes on dirsync.user-lifecycle (UserValues): encoded once per change.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(USERS_STORE), Serdes.String(), Serdes.ByteArray()), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(USERNAMES_STORE), Serdes.String(), Serdes.String()), FOLD);
        // externalId indexes (key directory/externalId/id, value id): several resources may share an externalId,
        // and externalId is case-exact (RFC 7643 §3.1), so the key keeps it as sent.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(EXTERNALIDS_STORE), Serdes.String(), Serdes.String()), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GROUP_EXTERNALIDS_STORE), Serdes.String(), Serdes.String()), FOLD);
        // changeIds already folded (value: the offset that brought it), so a redelivered change is a no-op.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(APPLIED_CHANGES_STORE), Serdes.String(), Serdes.Long()), FOLD);
        // Groups without their members; members one record each, indexed from both sides, so a membership delta
        // costs the same in a group of ten and of 100,000 (values: record time of the change that added it).
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GROUPS_STORE), Serdes.String(), new AvroSerde<>(GroupState.class)), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GROUPNAMES_STORE), Serdes.String(), Serdes.String()), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MEMBERS_STORE), Serdes.String(), Serdes.Long()), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(USER_GROUPS_STORE), Serdes.String(), Serdes.Long()), FOLD);
        // The mass-deprovision guard: per-directory counts, and the DEPROVISIONs it holds (key directory/user).
        // Every user change rewrites its directory's counts: the cache turns those into one changelog record per
        // directory and commit.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GUARD_STORE), Serdes.String(), new AvroSerde<>(GuardState.class))
                .withCachingEnabled(), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HELD_STORE), Serdes.String(), new AvroSerde<>(HeldCommand.class)), FOLD);
        // Outputs, re-keyed per user (or per request for outcomes).
        topology.addSink(USER_LIFECYCLE_SINK, Topics.USER_LIFECYCLE, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), FOLD);
        topology.addSink(LIFECYCLE_EVENTS_SINK, Topics.LIFECYCLE_EVENTS, Serdes.String().serializer(),
                new AvroSerde<>(LifecycleEvent.class).serializer(), FOLD);
        topology.addSink(ACCESS_COMMANDS_SINK, Topics.ACCESS_COMMANDS, Serdes.String().serializer(),
                new AvroSerde<>(AccessCommand.class).serializer(), FOLD);
        topology.addSink(CHANGE_OUTCOMES_SINK, Topics.CHANGE_OUTCOMES, Serdes.String().serializer(),
                new AvroSerde<>(ChangeOutcome.class).serializer(), FOLD);
        topology.addSink(DEAD_LETTERS_SINK, Topics.DEAD_LETTERS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), FOLD);
        // Offboarding proof: commands joined with downstream acks (its own sub-topology).
        io.dirsync.projector.offboarding.OffboardingTopology.addTo(topology, marks);
        return topology;
    }
}
