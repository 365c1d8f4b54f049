package io.dirsync.projector.lifecycle;

import java.util.List;
import java.util.Optional;

/**
 * The result of folding one change: the users whose state changed (before and after), the lifecycle events
 * and access commands it causes, and the outcome for a waiting caller. Most changes write one user; a
 * directory deletion writes all of them.
 */
public record Transition(
        List<Write> writes,
        List<Event> events,
        List<Command> commands,
        Outcome outcome) {

    /** One user's state before (empty if new) and after the change. */
    public record Write(Optional<User> before, User after) {
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
        return writes.isEmpty();
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
