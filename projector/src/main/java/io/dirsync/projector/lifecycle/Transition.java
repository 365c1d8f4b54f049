package io.dirsync.projector.lifecycle;

import java.util.List;
import java.util.Optional;

/**
 * The result of folding one change: the users, groups, memberships and held commands whose state changed,
 * the guard's new state, the lifecycle events and access commands it causes, and the outcome for a waiting
 * caller. Most changes write one user or one group; a directory deletion writes all of them.
 */
public record Transition(
        List<Write> writes,
        List<GroupWrite> groupWrites,
        List<MembershipWrite> memberships,
        List<HeldWrite> heldWrites,
        Optional<GuardState> guard,
        List<Event> events,
        List<Command> commands,
        Outcome outcome) {

    /** One user's state before (empty if new) and after the change. */
    public record Write(Optional<User> before, User after) {
    }

    /** One group before (empty if new) and after (empty if deleted). */
    public record GroupWrite(Optional<Group> before, Optional<Group> after) {
    }

    /** One membership added ({@code member}) or removed. */
    public record MembershipWrite(String groupId, String userId, boolean member) {
    }

    /** A held command stored ({@code held} present) or removed for a user. */
    public record HeldWrite(String userId, Optional<Held> held) {
    }

    public Transition(List<Write> writes, List<Event> events, List<Command> commands, Outcome outcome) {
        this(writes, List.of(), List.of(), List.of(), Optional.empty(), events, commands, outcome);
    }

    static Transition of(Optional<User> before, User after, List<Event> events, List<Command> commands,
                         Outcome outcome) {
        return new Transition(List.of(new Write(before, after)), events, commands, outcome);
    }

    static Transition none(List<Event> events, Outcome outcome) {
        return new Transition(List.of(), events, List.of(), outcome);
    }

    /** True when the change left state untouched (a rejection, a duplicate, a no-op). */
    public boolean unchanged() {
        return writes.isEmpty() && groupWrites.isEmpty() && memberships.isEmpty() && heldWrites.isEmpty()
                && guard.isEmpty();
    }

    /** The state after the change of its (first) target user, if it changed. */
    public Optional<User> after() {
        return writes.stream().findFirst().map(Write::after);
    }

    /** Anomaly kinds recorded by this transition, for counting. */
    public List<String> anomalies() {
        return events.stream().filter(e -> e.type() == Event.Type.ANOMALY).map(Event::anomaly).toList();
    }
}
