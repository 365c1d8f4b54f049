package io.dirsync.projector.lifecycle;

import java.util.List;

/**
 * A joiner/mover/leaver fact for the audit trail; {@code eventId} derives from the causing change.
 * Events about a group or the guard name {@link Lifecycle#WHOLE_DIRECTORY} as their user; {@code group},
 * {@code commandId} and {@code actor} are set where they apply and null otherwise.
 */
public record Event(
        String eventId,
        String userId,
        Type type,
        LifecycleState from,
        LifecycleState to,
        long version,
        List<AttributeChange> changes,
        String anomaly,
        String detail,
        GroupRef group,
        String commandId,
        String actor) {

    Event(String eventId, String userId, Type type, LifecycleState from, LifecycleState to, long version,
          List<AttributeChange> changes, String anomaly, String detail) {
        this(eventId, userId, type, from, to, version, changes, anomaly, detail, null, null, null);
    }

    /** Kinds of lifecycle fact. */
    public enum Type {
        JOINED, UPDATED, MOVED, LEFT, REJOINED, DELETED, ANOMALY,
        GROUP_CREATED, GROUP_UPDATED, GROUP_DELETED, DIRECTORY_ACTIVATED,
        GUARD_TRIPPED, COMMAND_HELD, COMMAND_RELEASED, COMMAND_DISCARDED, COMMAND_SUPERSEDED, GUARD_RESET
    }

    /** One attribute before and after. */
    public record AttributeChange(String attribute, String before, String after) {
    }
}
