package io.dirsync.projector;

import io.dirsync.projector.topology.FoldMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The projector's metrics on {@code /prometheus}: what the fold did (changes, dead letters, replay suppression,
 * anomalies per kind) and Kafka Streams' own metrics (lag, commit and process latency, state restoration). An
 * anomaly kind is a meter from the first time it is seen. Counts are per process, like {@link FoldMetrics}. Kafka
 * Streams' metrics are bound by {@link StreamsLifecycle} when it starts the fold, so that reading configuration
 * never connects to Kafka.
 */
@Factory
final class ProjectorMeters {

    @Singleton
    MeterBinder foldMeters(FoldMetrics fold) {
        return registry -> {
            FunctionCounter.builder("dirsync.fold.changes", fold, FoldMetrics::foldedCount)
                    .description("Changes folded into state").register(registry);
            FunctionCounter.builder("dirsync.fold.dead.letters", fold, FoldMetrics::deadLetterCount)
                    .description("Records that could not be decoded, sent to dirsync.dead-letters").register(registry);
            FunctionCounter.builder("dirsync.fold.suppressed", fold, FoldMetrics::suppressedCount)
                    .description("Changes folded again by a replay without re-emitting their outputs")
                    .register(registry);
            fold.onAnomalyKind((kind, count) -> anomaly(registry, kind, count));
        };
    }

    private static void anomaly(MeterRegistry registry, String kind, AtomicLong count) {
        FunctionCounter.builder("dirsync.fold.anomalies", count, AtomicLong::get).tag("kind", kind)
                .description("Stale, duplicate or rejected input by kind (each also a lifecycle event)")
                .register(registry);
    }
}
