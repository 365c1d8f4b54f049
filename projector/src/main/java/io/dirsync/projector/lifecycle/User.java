package io.dirsync.projector.lifecycle;

import java.time.Instant;

/**
 * The folded state of one user: what the directory said last, and where the lifecycle stands.
 * {@code lastOccurredAt} (nullable) orders attribute changes by the source's own clock;
 * {@code everActive} tells a first activation (PROVISION) from a return (REPROVISION).
 */
public record User(
        String directoryId,
        String userId,
        LifecycleState state,
        long version,
        UserData data,
        Instant createdAt,
        Instant lastModified,
        String lastChangeId,
        Instant lastOccurredAt,
        boolean everActive) {

    public boolean exists() {
        return state == LifecycleState.ACTIVE || state == LifecycleState.INACTIVE;
    }
}
