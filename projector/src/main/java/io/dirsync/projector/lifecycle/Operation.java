package io.dirsync.projector.lifecycle;

import java.util.List;

/** The closed set of canonical operations a change can carry. Sources are translated into these at the edge. */
public sealed interface Operation {

    /**
     * Create a user whose id the edge minted, or reactivate the inactive holder of its userName; with
     * {@code byExternalId}, also the inactive user with its externalId when no user holds the userName (for
     * directories whose externalId is the IdP's immutable user id).
     */
    record CreateUser(String userId, UserData data, boolean byExternalId) implements Operation {
        public CreateUser(String userId, UserData data) {
            this(userId, data, false);
        }
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

    /** Create a group with its initial members. */
    record CreateGroup(String groupId, String displayName, String externalId, String document,
                       List<String> addMembers) implements Operation {
    }

    /**
     * Change a group: attributes that are null stay as they are; membership deltas apply in the order
     * removeAll, remove, add.
     */
    record UpdateGroup(String groupId, String displayName, String externalId, String document,
                       boolean removeAllMembers, List<String> removeMembers, List<String> addMembers)
            implements Operation {
    }

    /** Delete a group: its members lose the access it gave. */
    record DeleteGroup(String groupId) implements Operation {
    }

    /** A source announced the directory. */
    record ActivateDirectory(String name, String organizationId) implements Operation {
    }

    /** Operator: emit held commands (empty ids: all of them). */
    record ReleaseHeld(List<String> commandIds, String operator, String reason) implements Operation {
    }

    /** Operator: drop held commands (empty ids: all of them), audited. */
    record DiscardHeld(List<String> commandIds, String operator, String reason) implements Operation {
    }
}
