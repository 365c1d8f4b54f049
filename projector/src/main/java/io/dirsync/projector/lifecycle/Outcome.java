package io.dirsync.projector.lifecycle;

import java.util.Optional;

/**
 * The answer to whoever sent a change: applied, or rejected with a reason the edge maps to a protocol error.
 * {@code resource} is the user concerned, {@code group} the group for group changes.
 */
public record Outcome(Status status, Reason reason, String detail, Optional<User> resource, Optional<Group> group) {

    public Outcome(Status status, Reason reason, String detail, Optional<User> resource) {
        this(status, reason, detail, resource, Optional.empty());
    }

    /** Applied or not. */
    public enum Status { APPLIED, REJECTED }

    /** Why not. */
    public enum Reason { NONE, UNIQUENESS, VERSION_MISMATCH, NOT_FOUND, INVALID }

    static Outcome applied(User user) {
        return new Outcome(Status.APPLIED, Reason.NONE, null, Optional.of(user));
    }

    static Outcome applied(Group group) {
        return new Outcome(Status.APPLIED, Reason.NONE, null, Optional.empty(), Optional.of(group));
    }

    static Outcome applied(String detail) {
        return new Outcome(Status.APPLIED, Reason.NONE, detail, Optional.empty());
    }

    static Outcome rejected(Reason reason, String detail, Optional<User> resource) {
        return new Outcome(Status.REJECTED, reason, detail, resource);
    }

    static Outcome rejectedGroup(Reason reason, String detail, Optional<Group> group) {
        return new Outcome(Status.REJECTED, reason, detail, Optional.empty(), group);
    }
}
