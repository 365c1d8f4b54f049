package io.dirsync.projector.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * The guard's memory for one directory: how many users are active, the record times of DEPROVISIONs
 * emitted within the window, and whether (and by which change) it tripped.
 */
public record GuardState(long activeUsers, List<Instant> recent, boolean tripped, Instant trippedAt,
                         String tripChangeId, long held) {

    public static final GuardState INITIAL = new GuardState(0, List.of(), false, null, null, 0);
}
