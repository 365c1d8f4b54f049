package io.dirsync.projector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the fold once the query server is up (so forwarded queries always find a listener).
 * A failed stream thread is replaced: the core never throws, so a failure is infrastructure.
 */
@Singleton
final class StreamsLifecycle implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsLifecycle.class);
    private final KafkaStreams streams;
    private final BeanProvider<MeterRegistry> meters;
    private KafkaStreamsMetrics streamsMetrics;

    StreamsLifecycle(KafkaStreams streams, BeanProvider<MeterRegistry> meters) {
        this.streams = streams;
        this.meters = meters;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("projector streams {} -> {}", before, now));
        // Kafka Streams' own metrics (lag, commit and process latency, restoration) next to the fold's.
        meters.ifPresent(registry -> {
            streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(registry);
        });
        streams.start();
    }

    /** Leave the group on shutdown so a restarted instance gets its tasks at once, not after the session timeout. */
    @PreDestroy
    void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
    }
}
