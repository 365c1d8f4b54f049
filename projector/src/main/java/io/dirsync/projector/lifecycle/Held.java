package io.dirsync.projector.lifecycle;

import java.time.Instant;

/** A DEPROVISION held by the guard: the command as it would have gone out, when, and which change tripped it. */
public record Held(Command command, Instant heldAt, String tripChangeId) {
}
