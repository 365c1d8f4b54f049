package io.dirsync.projector.lifecycle;

import java.util.Optional;

/** The answer to whoever sent a change: applied, or rejected with a reason the edge maps to a protocol error. */
public record Outcome(Status status, Reason reason, String detail, Optional<User> resource) {

    /** Applied or not. */
    public enum Status { APPLIED, REJECTED }

    /** Why not. */
    public enum Reason { NONE, UNIQUENESS, VERSION_MISMATCH, NOT_FOUND, INVALID }

    static Outcome applied(User user) {
        return new Outcome(Status.APPLIED, Reason.NONE, null, Optional.of(user));
    }

    static Outcome rejected(Reason reason, String detail, Optional<User> resource) {
        return new Outcome(Status.REJECTED, reason, detail, resource);
    }
}
