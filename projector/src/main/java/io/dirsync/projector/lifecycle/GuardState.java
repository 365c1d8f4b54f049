package io.dirsync.projector.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * The guard's memory for one directory: how many users are active, the DEPROVISIONs emitted within the window
 * (counted per slice of it, so the state stays small however large the burst it guards against), and whether
 * (and by which change) it tripped.
 */
public record GuardState(long activeUsers, List<Slice> recent, boolean tripped, Instant trippedAt,
                         String tripChangeId, long held) {

    public static final GuardState INITIAL = new GuardState(0, List.of(), false, null, null, 0);

    /** {@code count} DEPROVISIONs emitted from {@code start} (record time) within one slice of the window. */
    public record Slice(Instant start, long count) {
    }

    /** DEPROVISIONs counted in the remembered slices. */
    public long recentCount() {
        long n = 0;
        for (Slice s : recent) {
            n += s.count();
        }
        return n;
    }
}
