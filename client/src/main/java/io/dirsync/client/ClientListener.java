package io.dirsync.client;

import io.dirsync.schemas.AccessCommand;

/**
 * What the kit reports to the app (for logs, metrics, alerts). Called on the kit's consumer thread; keep it quick.
 * Every method has a no-op default.
 */
public interface ClientListener {

    /** A command was applied now, or found applied before ({@code applied.duplicate()}). */
    default void applied(AccessCommand command, Applied applied) {
    }

    /** A user's commands were parked (or a retry of a parked user failed again). */
    default void parked(ParkedUser user) {
    }

    /** A parked user's commands all went through. */
    default void unparked(String userKey) {
    }
}
