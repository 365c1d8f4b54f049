package io.dirsync.client;

import io.dirsync.schemas.AccessCommand;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The app-supplied half of exactly-once: one atomic unit per command that (1) looks the commandId up, (2) if it
 * is new, runs the handler, (3) records the commandId with its outcome and (4) records the consumer position,
 * all in one transaction of the app's own database. The kit never applies a command without going through
 * {@link #applyOnce}, so the effect of a commandId happens at most once however often Kafka delivers it.
 *
 * <p>Implementations: {@link JdbcCommandStore} (any JDBC database, the app's tables in the same transaction) and
 * {@link InMemoryCommandStore} (for apps whose state lives in memory, and for tests).
 *
 * @param <T> the transaction handle passed to the handler
 */
public interface CommandStore<T> {

    /**
     * Applies the command once. If {@code command.getCommandId()} was recorded before, returns that record with
     * {@code duplicate = true} without calling the handler (the position is still saved). If the handler throws,
     * nothing is recorded and the exception propagates.
     */
    Applied applyOnce(AccessCommand command, Position position, Instant appliedAt, CommandHandler<T> handler)
            throws Exception;

    /**
     * The saved positions of the given partitions of {@code topic} (partition number to next offset); a
     * partition never saved is absent, and the kit then reads it from the beginning.
     */
    Map<Integer, Long> positions(String groupId, String topic, Collection<Integer> partitions) throws Exception;
}
