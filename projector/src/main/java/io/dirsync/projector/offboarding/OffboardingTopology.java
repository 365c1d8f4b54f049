package io.dirsync.projector.offboarding;

import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.schemas.AvroSerde;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.OffboardingCase;
import io.dirsync.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The offboarding proof as a sub-topology of the projector: access commands and access acks (co-partitioned: both
 * keyed {@code directoryId/userId}) into one processor with the cases and their deadlines, OFFBOARDING_* events out to
 * the audit trail. Every node and store is named. Added by {@link #addTo} from the projector's topology.
 */
public final class OffboardingTopology {

    public static final String COMMANDS_SOURCE = "access-commands-source";
    public static final String ACKS_SOURCE = "access-acks-source";
    public static final String PROCESSOR = "offboarding";
    public static final String STORE = "offboarding-store";
    public static final String DEADLINES_STORE = "offboarding-deadlines-store";
    public static final String EVENTS_SINK = "offboarding-events-sink";
    public static final String DEAD_LETTERS_SINK = "offboarding-dead-letters-sink";

    private OffboardingTopology() {
    }

    /** Adds the sub-topology; the settings come from the Streams config (see {@link OffboardingSettings}). */
    public static Topology addTo(Topology topology, ReplayMarks marks) {
        // Bytes in, so that an undecodable ack becomes a dead letter instead of stopping the task.
        topology.addSource(AutoOffsetReset.earliest(), COMMANDS_SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), Topics.ACCESS_COMMANDS);
        topology.addSource(AutoOffsetReset.earliest(), ACKS_SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), Topics.ACCESS_ACKS);
        // Join each leaver's DEPROVISION with every app's ack; one task owns a user's commands and acks.
        topology.addProcessor(PROCESSOR, () -> new OffboardingProcessor(marks), COMMANDS_SOURCE, ACKS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                new AvroSerde<>(OffboardingCase.class)), PROCESSOR);
        // Open deadlines by time (key: zero-padded deadline|case|app), so passing stream time finds the due ones.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES_STORE),
                Serdes.String(), Serdes.String()), PROCESSOR);
        topology.addSink(EVENTS_SINK, Topics.LIFECYCLE_EVENTS, Serdes.String().serializer(),
                new AvroSerde<>(LifecycleEvent.class).serializer(), PROCESSOR);
        topology.addSink(DEAD_LETTERS_SINK, Topics.DEAD_LETTERS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), PROCESSOR);
        return topology;
    }
}
