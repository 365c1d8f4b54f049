package io.dirsync.projector.lifecycle;

import java.time.Instant;
import java.util.Optional;

/**
 * The change a command came from, carried on the command itself for audit — and so that a command held
 * by the guard and released later still names the change that caused it, not the release.
 */
public record Causation(String changeId, String source, Instant receivedAt, Optional<Instant> occurredAt) {

    static Causation of(Change change) {
        return new Causation(change.changeId(), change.source(), change.receivedAt(), change.occurredAt());
    }
}
