package io.dirsync.bench;

import io.dirsync.projector.ProjectorConfig;
import io.dirsync.projector.replay.Replay;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;

/**
 * The replay scenario's child JVM: runs the projector's real {@link Replay} (Admin API reset, refold with
 * suppression marks) and prints its summary and this JVM's peak heap, so the heap figure is the projector's
 * own, not the benchmark's or the broker's. Args: bootstrap, application id, state dir, commit interval ms.
 */
public final class ReplayProcess {

    private ReplayProcess() {
    }

    public static void main(String[] args) throws Exception {
        ProjectorConfig config = new ProjectorConfig(args[1], args[0], args[2], Long.parseLong(args[3]), null, 1,
                Map.of());
        long started = System.nanoTime();
        Replay.Summary summary = new Replay(new Replay.Settings(config, false, null, null), System.out).run();
        long totalMillis = (System.nanoTime() - started) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        // millis: reset + fold (the whole replay); foldMillis: the fold alone.
        System.out.printf("RESULT changes=%d millis=%d foldMillis=%d peakHeapBytes=%d%n", summary.changes(),
                totalMillis, summary.took().toMillis(), peak);
        System.exit(0);
    }
}
