package io.dirsync.client;

import java.time.Instant;

/**
 * A user whose commands are parked: the command at {@code partition/offset} kept failing, so it and every later
 * command of the same user wait (in order) while other users' commands go on. Retried every
 * {@code parkedRetryInterval} and on {@link DirsyncClient#retryParked()}; the partition's committed offset stays
 * at the oldest parked record, so a restart retries it too.
 *
 * @param userKey   {@code directoryId/userId}
 * @param commandId the failing command (null if it could not even be decoded)
 * @param waiting   commands of this user queued behind it
 * @param attempts  handler attempts so far
 * @param error     the last failure
 */
public record ParkedUser(String userKey, String commandId, int partition, long offset, int waiting, int attempts,
                         String error, Instant since) {
}
