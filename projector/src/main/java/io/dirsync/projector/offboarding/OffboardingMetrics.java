package io.dirsync.projector.offboarding;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Offboarding metrics in the Kafka Streams metrics registry (so they reach JMX with the rest of the projector's
 * metrics and {@code KafkaStreams#metrics()}), group {@value #GROUP}, tag {@code app}: a cumulative histogram of
 * time-to-deprovision (command issued → app's ack; buckets {@code le} in seconds, Prometheus style) with count, sum and
 * max, and the number of leavers that went overdue. Counted per process since start, for new input only (a replay's
 * history is not counted again); the store is the record.
 */
public final class OffboardingMetrics {

    public static final String GROUP = "dirsync-offboarding";
    /** Upper bounds of the histogram buckets, in seconds. */
    public static final List<Long> BUCKETS = List.of(1L, 5L, 30L, 60L, 300L, 900L, 3600L, 14400L, 86400L);

    private final StreamsMetrics metrics;

    OffboardingMetrics(StreamsMetrics metrics) {
        this.metrics = metrics;
    }

    void settled(String app, Duration took) {
        long ms = Math.max(0, took.toMillis());
        sensor("time-to-deprovision", app, s -> {
            s.add(name("time-to-deprovision-count", app, "leavers acknowledged"), new CumulativeCount());
            s.add(name("time-to-deprovision-sum-ms", app, "sum of issue-to-ack times"), new CumulativeSum());
            s.add(name("time-to-deprovision-max-ms", app, "longest issue-to-ack time"), new Max());
        }).record(ms);
        for (long le : BUCKETS) {
            // Every bucket exists from the first observation on, so an empty one reads 0 rather than missing.
            Sensor bucket = bucket(app, Long.toString(le));
            if (ms <= le * 1000) {
                bucket.record();
            }
        }
        bucket(app, "+Inf").record();
    }

    void overdue(String app) {
        sensor("overdue", app, s -> s.add(name("overdue-total", app, "leavers past the app's SLA without an ack"),
                new CumulativeCount())).record();
    }

    private Sensor bucket(String app, String le) {
        return sensor("time-to-deprovision-le-" + le, app, s -> s.add(new MetricName("time-to-deprovision-bucket",
                GROUP, "leavers acknowledged within le seconds", Map.of("app", app, "le", le)), new CumulativeCount()));
    }

    private Sensor sensor(String name, String app, java.util.function.Consumer<Sensor> stats) {
        Sensor s = metrics.addSensor("dirsync-offboarding-" + name + "-" + app, Sensor.RecordingLevel.INFO);
        // Sensors are shared by every task of the process; adding an existing stat again is a no-op.
        stats.accept(s);
        return s;
    }

    private static MetricName name(String name, String app, String description) {
        return new MetricName(name, GROUP, description, Map.of("app", app));
    }

    /** This group's metrics, as {@code name{tags} -> value}, sorted, for the query API. */
    public static Map<String, Double> snapshot(Map<MetricName, ? extends Metric> all) {
        Map<String, Double> out = new TreeMap<>();
        all.forEach((n, m) -> {
            if (GROUP.equals(n.group()) && m.metricValue() instanceof Number v) {
                out.put(n.name() + new TreeMap<>(n.tags()), v.doubleValue());
            }
        });
        return out;
    }
}
