package io.dirsync.projector.lifecycle;

import java.util.List;

/** A joiner/mover/leaver fact for the audit trail; {@code eventId} derives from the causing change. */
public record Event(
        String eventId,
        String userId,
        Type type,
        LifecycleState from,
        LifecycleState to,
        long version,
        List<AttributeChange> changes,
        String anomaly,
        String detail) {

    /** Kinds of lifecycle fact. */
    public enum Type { JOINED, UPDATED, MOVED, LEFT, REJOINED, DELETED, ANOMALY }

    /** One attribute before and after. */
    public record AttributeChange(String attribute, String before, String after) {
    }
}
