package io.dirsync.ingest.workos;

import io.dirsync.schemas.UserAttributes;
import java.util.List;
import java.util.Optional;

/** What reconciliation compares WorkOS against: dirsync's folded state of one directory. */
public interface DirsyncState {

    /** A user as dirsync holds it; the version identifies the state a drift was found against. */
    record User(String userId, String state, long version, UserAttributes attributes) {
        public boolean active() {
            return "ACTIVE".equals(state);
        }
    }

    /** A group as dirsync holds it; the version identifies the state a drift was found against. */
    record Group(String groupId, String displayName, String externalId, long version) {
    }

    /** Every user of the directory that is not deleted. */
    List<User> users(String directoryId) throws java.io.IOException, InterruptedException;

    /** Every group, or empty when this dirsync cannot serve groups (its projector predates them). */
    Optional<List<Group>> groups(String directoryId) throws java.io.IOException, InterruptedException;

    /** The user ids of a group's members. */
    List<String> members(String directoryId, String groupId) throws java.io.IOException, InterruptedException;
}
