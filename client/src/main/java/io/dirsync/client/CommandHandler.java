package io.dirsync.client;

import io.dirsync.schemas.AccessCommand;

/**
 * The app's reaction to one access command, run inside the transaction of its {@link CommandStore} (for a
 * {@link JdbcCommandStore}, {@code T} is the JDBC {@link java.sql.Connection} whose transaction also records
 * the commandId and the consumer position). Throwing rolls everything back; the kit retries and, if the
 * handler keeps failing, parks that user's commands.
 *
 * @param <T> the store's transaction handle
 */
@FunctionalInterface
public interface CommandHandler<T> {

    /** Applies {@code command}; returns what the app did (becomes the ack's outcome and detail). */
    Result handle(AccessCommand command, T transaction) throws Exception;
}
