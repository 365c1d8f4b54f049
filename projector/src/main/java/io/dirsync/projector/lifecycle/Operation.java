package io.dirsync.projector.lifecycle;

/** The closed set of canonical operations a change can carry. Sources are translated into these at the edge. */
public sealed interface Operation {

    /** Create a user whose id the edge minted (or reactivate the inactive holder of its userName). */
    record CreateUser(String userId, UserData data) implements Operation {
    }

    /** Replace every attribute of an existing user. */
    record ReplaceUser(String userId, UserData data) implements Operation {
    }

    /** Hard-delete a user. */
    record DeleteUser(String userId) implements Operation {
    }

    /** The whole directory is gone: every user of it leaves. */
    record DeleteDirectory(String reason) implements Operation {
    }
}
