package io.dirsync.projector.lifecycle;

import java.util.List;
import java.util.Optional;

/**
 * The result of folding one change: the target user's new state (empty when nothing changed), the
 * lifecycle events and access commands it causes, and the outcome for a waiting caller.
 */
public record Transition(
        Optional<User> before,
        Optional<User> after,
        List<Event> events,
        List<Command> commands,
        Outcome outcome) {

    /** True when the change left state untouched (a rejection or a no-op). */
    public boolean unchanged() {
        return after.isEmpty();
    }

    /** Anomaly kinds recorded by this transition, for counting. */
    public List<String> anomalies() {
        return events.stream().filter(e -> e.type() == Event.Type.ANOMALY).map(Event::anomaly).toList();
    }
}
