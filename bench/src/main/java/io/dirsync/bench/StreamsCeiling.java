package io.dirsync.bench;

import io.dirsync.schemas.Topics;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Baselines for the fold from Kafka Streams itself, on the change log, under the projector's own Streams settings:
 * a processor that only counts (what reading through Streams costs), and the smallest stateful fold there is — one
 * store write and one output record per change, the value passed through as bytes. The projector's fold does at
 * least that much per change (state, its changelog, the user's state topic, an event), so these say how far any
 * fold on this machine could go, which the raw consumer read cannot.
 */
final class StreamsCeiling {

    static final String OUTPUT_TOPIC = "bench.streams-ceiling-out";

    private StreamsCeiling() {
    }

    /** Reads every change through Streams and does nothing with it. */
    static Topology readOnly(AtomicLong processed) {
        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), "ceiling-source", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), Topics.DIRECTORY_CHANGES);
        topology.addProcessor("ceiling-count", () -> new Processor<String, byte[], Void, Void>() {
            @Override
            public void process(Record<String, byte[]> record) {
                processed.incrementAndGet();
            }
        }, "ceiling-source");
        return topology;
    }

    /** One store put (a new key per change, as a directory of many users has) and one output per change. */
    static Topology minimalFold(AtomicLong processed) {
        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), "ceiling-source", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), Topics.DIRECTORY_CHANGES);
        topology.addProcessor("ceiling-fold", () -> new Processor<String, byte[], String, byte[]>() {
            private ProcessorContext<String, byte[]> context;
            private KeyValueStore<String, byte[]> store;

            @Override
            public void init(ProcessorContext<String, byte[]> context) {
                this.context = context;
                this.store = context.getStateStore("ceiling-store");
            }

            @Override
            public void process(Record<String, byte[]> record) {
                long offset = context.recordMetadata().map(m -> m.offset()).orElse(0L);
                store.put(record.key() + "/" + offset, record.value());
                context.forward(record, "ceiling-sink");
                processed.incrementAndGet();
            }
        }, "ceiling-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("ceiling-store"),
                Serdes.String(), Serdes.ByteArray()), "ceiling-fold");
        topology.addSink("ceiling-sink", OUTPUT_TOPIC, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "ceiling-fold");
        return topology;
    }
}
