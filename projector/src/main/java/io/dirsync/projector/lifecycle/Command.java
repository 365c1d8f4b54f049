package io.dirsync.projector.lifecycle;

/**
 * An instruction to every downstream app about one user's access. {@code commandId} derives from the
 * causing change, the command type (and, for group access, the group), so a replay or a retry yields the
 * same id and apps can dedupe. {@code cause} is the change it came from; {@code group} is set for group access.
 */
public record Command(
        String commandId,
        String userId,
        Type type,
        UserData user,
        LifecycleState from,
        LifecycleState to,
        long version,
        Causation cause,
        GroupRef group) {

    /** What an app must do. */
    public enum Type { PROVISION, UPDATE, DEPROVISION, REPROVISION, GRANT_GROUP_ACCESS, REVOKE_GROUP_ACCESS }
}
