package io.dirsync.client;

import io.dirsync.schemas.AckOutcome;
import java.time.Instant;

/**
 * The durable record of one command applied by the app: its outcome and when. {@code duplicate} is true when the
 * store already held the commandId and the handler was not called (a redelivery, a replay, a crash re-read).
 */
public record Applied(String commandId, AckOutcome outcome, Instant appliedAt, String detail, boolean duplicate) {
}
