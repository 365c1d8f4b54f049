package io.dirsync.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.EndToEndLatency;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own performance tools, run in-process against the same broker as the scenario they are the baseline
 * of, with their printed summary parsed. Their {@code Exit} calls are turned into exceptions so a tool error
 * cannot end the benchmark JVM.
 */
public final class KafkaTools {

    /** Producer tool summary: records/s and latency percentiles in ms. */
    public record ProducerStats(double recordsPerSecond, double p50, double p99, double p999, String raw) {
    }

    /** End-to-end latency tool summary, in ms. */
    public record LatencyStats(double avg, double p50, double p99, double p999, String raw) {
    }

    private KafkaTools() {
    }

    public static ProducerStats producerPerformance(String bootstrap, String topic, long records, int recordSize) {
        String out = capture(() -> ProducerPerformance.main(new String[] {"--topic", topic,
            "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
            "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all"}));
        Matcher m = Pattern.compile("records sent, ([0-9.]+) records/sec.*?([0-9.]+) ms 50th, ([0-9.]+) ms 95th, "
                + "([0-9.]+) ms 99th, ([0-9.]+) ms 99.9th").matcher(lastLineWith(out, "records sent"));
        if (!m.find()) {
            throw new IllegalStateException("unexpected ProducerPerformance output:\n" + out);
        }
        return new ProducerStats(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), out);
    }

    /** Records/s of the consumer tool's fetch phase (its {@code fetch.nMsg.sec}, group join excluded). */
    public static double consumerPerformance(String bootstrap, String topic, long records) {
        String out = capture(() -> ConsumerPerformance.main(new String[] {"--bootstrap-server", bootstrap,
            "--topic", topic, "--num-records", Long.toString(records), "--group", "bench-perf-" + System.nanoTime(),
            "--timeout", "60000", "--command-property", "max.poll.records=5000"}));
        String[] lines = out.strip().split("\n");
        String[] header = null;
        for (String line : lines) {
            if (line.startsWith("start.time")) {
                header = line.split(",\\s*");
            } else if (header != null && line.split(",\\s*").length == header.length) {
                String[] values = line.split(",\\s*");
                for (int i = 0; i < header.length; i++) {
                    if (header[i].strip().equals("fetch.nMsg.sec")) {
                        return Double.parseDouble(values[i].strip());
                    }
                }
            }
        }
        throw new IllegalStateException("unexpected ConsumerPerformance output:\n" + out);
    }

    /** The end-to-end latency tool (produce one record acks=all, consume it, repeat) on a one-partition topic. */
    public static LatencyStats endToEndLatency(String bootstrap, String topic, long records, int recordSize) {
        String out = capture(() -> EndToEndLatency.main(bootstrap, topic, Long.toString(records), "all",
                Integer.toString(recordSize)));
        Matcher avg = Pattern.compile("Avg latency: ([0-9.]+) ms").matcher(out);
        Matcher pct = Pattern.compile("50th = ([0-9.]+), 99th = ([0-9.]+), 99.9th = ([0-9.]+)").matcher(out);
        if (!avg.find() || !pct.find()) {
            throw new IllegalStateException("unexpected EndToEndLatency output:\n" + out);
        }
        return new LatencyStats(Double.parseDouble(avg.group(1)), Double.parseDouble(pct.group(1)),
                Double.parseDouble(pct.group(2)), Double.parseDouble(pct.group(3)), out);
    }

    private interface Tool {
        void run() throws Exception;
    }

    private static synchronized String capture(Tool tool) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        Exit.setExitProcedure((code, message) -> {
            // The tools end with exit(0) on success: only a non-zero code is a failure.
            if (code != 0) {
                throw new IllegalStateException("Kafka tool exited with " + code
                        + (message == null ? "" : ": " + message));
            }
        });
        try {
            tool.run();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka tool failed: " + e + "\n" + buffer.toString(StandardCharsets.UTF_8), e);
        } finally {
            Exit.resetExitProcedure();
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String lastLineWith(String out, String marker) {
        String found = "";
        for (String line : out.split("\n")) {
            if (line.contains(marker)) {
                found = line;
            }
        }
        return found;
    }
}
