package io.dirsync.projector.lifecycle;

/**
 * An instruction to every downstream app about one user's access. {@code commandId} derives from the
 * causing change and the command type, so a replay or a retry yields the same id and apps can dedupe.
 */
public record Command(
        String commandId,
        String userId,
        Type type,
        UserData user,
        LifecycleState from,
        LifecycleState to,
        long version) {

    /** What an app must do. */
    public enum Type { PROVISION, UPDATE, DEPROVISION, REPROVISION }
}
