package io.dirsync.projector.lifecycle;

/** Where a user is in its lifecycle. NONE: never seen. DELETED is final for that user id. */
public enum LifecycleState {
    NONE, ACTIVE, INACTIVE, DELETED;

    static LifecycleState of(boolean active) {
        return active ? ACTIVE : INACTIVE;
    }
}
