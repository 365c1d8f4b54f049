package io.dirsync.projector.lifecycle;

import java.time.Instant;

/** The folded state of one user: what the directory said last, and where the lifecycle stands. */
public record User(
        String directoryId,
        String userId,
        LifecycleState state,
        long version,
        UserData data,
        Instant createdAt,
        Instant lastModified,
        String lastChangeId) {

    public boolean exists() {
        return state == LifecycleState.ACTIVE || state == LifecycleState.INACTIVE;
    }
}
