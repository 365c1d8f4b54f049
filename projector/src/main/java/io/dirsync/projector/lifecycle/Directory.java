package io.dirsync.projector.lifecycle;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the folded state of one directory, as the core needs it. The projector implements it
 * over its state stores; tests implement it over maps. Only one task ever folds a given directory,
 * so answers are consistent for the duration of one change.
 */
public interface Directory {

    /** The user with that id, in whatever state (including DELETED), if it was ever seen. */
    Optional<User> user(String userId);

    /** The id of the non-deleted user holding that userName (compared as {@link UserNames#normalize}). */
    Optional<String> userIdByUserName(String userName);

    /** The ids of the non-deleted users with that externalId (case-exact, RFC 7643 §3.1), in a stable order. */
    List<String> userIdsByExternalId(String externalId);

    /** Whether a change with this id was already folded (the same WorkOS event by webhook and by poll, a retry). */
    boolean applied(String changeId);

    /** Every user of the directory that still exists (ACTIVE or INACTIVE), in a stable order. */
    List<User> existingUsers();

    /** The group with that id, if it exists (deleted groups are gone). */
    Optional<Group> group(String groupId);

    /** The id of the group holding that display name (compared as {@link UserNames#normalize}). */
    Optional<String> groupIdByDisplayName(String displayName);

    /** Whether the user is a member of the group. */
    boolean isMember(String groupId, String userId);

    /** The group's member ids in a stable order. */
    List<String> members(String groupId);

    /** The ids of the groups the user is a member of, in a stable order. */
    List<String> groupsOf(String userId);

    /** Every group of the directory, in a stable order. */
    List<Group> existingGroups();

    /** The mass-deprovision guard's policy for this directory. */
    GuardPolicy guardPolicy();

    /** The guard's state for this directory. */
    GuardState guard();

    /** The DEPROVISION held for this user, if any. */
    Optional<Held> heldFor(String userId);

    /** Every held command of the directory, in a stable order. */
    List<Held> held();
}
