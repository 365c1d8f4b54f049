package io.dirsync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load generators over N concurrent clients. Open loop: operation k is due at {@code start + k / rate}, and its
 * latency counts from that intended time, not from when a busy client got round to sending it — the
 * coordinated-omission correction (as in wrk2), so a stall shows up as the queueing users would see. Closed
 * loop: every client sends its next operation as soon as the previous answered, to find the saturation rate.
 */
public final class Load {

    /** Operation {@code n} of client {@code client}, due at {@code due} (nanoTime); true if it succeeded. */
    @FunctionalInterface
    public interface Op {
        boolean run(int client, long n, long due) throws Exception;
    }

    /** What a run measured: latency histogram (µs), successes, failures, and completions per second. */
    public record Result(String name, Histogram latencyMicros, long ok, long failed, double seconds,
                         long[] perSecond) {
        public double rate() {
            return ok / Math.max(0.001, seconds);
        }

        public double p(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private Load() {
    }

    /** Open loop at {@code ratePerSecond} overall, shared round-robin by {@code clients}. */
    public static Result openLoop(String name, int clients, double ratePerSecond, Duration duration, Op op)
            throws Exception {
        return run(name, clients, ratePerSecond, duration, Long.MAX_VALUE, op);
    }

    /** Closed loop for {@code duration}, or until {@code maxOps} operations were issued. */
    public static Result closedLoop(String name, int clients, Duration duration, long maxOps, Op op) throws Exception {
        return run(name, clients, 0, duration, maxOps, op);
    }

    private static Result run(String name, int clients, double rate, Duration duration, long maxOps, Op op)
            throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong issued = new AtomicLong();
        int seconds = (int) Math.max(1, duration.toSeconds()) + 2;
        AtomicLongArray perSecond = new AtomicLongArray(seconds * 2 + 60);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (long k = 0; ; k++) {
                    long n = rate > 0 ? k * clients + client : issued.getAndIncrement();
                    if (n >= maxOps) {
                        return null;
                    }
                    long intended = rate > 0 ? start + (long) (n * 1e9 / rate) : System.nanoTime();
                    if (intended >= end) {
                        return null;
                    }
                    // Pacing of an open-loop schedule, not synchronisation: wait for the operation's due time.
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    boolean success;
                    try {
                        success = op.run(client, n, intended);
                    } catch (Exception e) {
                        success = false;
                    }
                    long done = System.nanoTime();
                    if (success) {
                        ok.incrementAndGet();
                        recorder.recordValue(Math.max(1, (done - intended) / 1000));
                        int second = (int) ((done - start) / 1_000_000_000L);
                        if (second < perSecond.length()) {
                            perSecond.incrementAndGet(second);
                        }
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double took = (System.nanoTime() - start) / 1e9;
        long[] series = new long[(int) Math.ceil(took)];
        for (int i = 0; i < series.length && i < perSecond.length(); i++) {
            series[i] = perSecond.get(i);
        }
        return new Result(name, recorder.getIntervalHistogram(), ok.get(), failed.get(), took, series);
    }
}
