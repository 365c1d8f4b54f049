package io.dirsync.projector.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Test-data builders for changes and users ({@code aUser("ada").inactive()}). */
final class Changes {

    static final String DIRECTORY = "dir-1";

    private Changes() {
    }

    static UserData aUser(String userName) {
        return new UserData(userName, "ext-" + userName, true, userName, "Ada", "Lovelace", userName + "@example.com",
                "Engineering", "Engineer", null, "{\"userName\":\"" + userName + "\"}");
    }

    static UserData inactive(UserData user) {
        return user.withActive(false);
    }

    static UserData withDepartment(UserData u, String department) {
        return new UserData(u.userName(), u.externalId(), u.active(), u.displayName(), u.givenName(), u.familyName(),
                u.email(), department, u.title(), u.managerId(), u.document());
    }

    static UserData withUserName(UserData u, String userName) {
        return new UserData(userName, u.externalId(), u.active(), u.displayName(), u.givenName(), u.familyName(),
                u.email(), u.department(), u.title(), u.managerId(), u.document());
    }

    static Change create(String changeId, String userId, UserData user) {
        return change(changeId, new Operation.CreateUser(userId, user), null);
    }

    /** A create from a directory whose externalId is the IdP's immutable user id. */
    static Change createMatchingExternalId(String changeId, String userId, UserData user) {
        return change(changeId, new Operation.CreateUser(userId, user, true), null);
    }

    static Change replace(String changeId, String userId, UserData user) {
        return change(changeId, new Operation.ReplaceUser(userId, user), null);
    }

    static Change replace(String changeId, String userId, UserData user, long expectedVersion) {
        return change(changeId, new Operation.ReplaceUser(userId, user), expectedVersion);
    }

    static Change delete(String changeId, String userId) {
        return change(changeId, new Operation.DeleteUser(userId), null);
    }

    static Change occurred(String changeId, Operation op, long occurredAtMillis) {
        return new Change(changeId, DIRECTORY, "WORKOS_EVENTS", Instant.ofEpochMilli(1_000L * changeId.hashCode()),
                Optional.of(Instant.ofEpochMilli(occurredAtMillis)), Optional.empty(), Optional.empty(), op);
    }

    static Change deleteDirectory(String changeId) {
        return change(changeId, new Operation.DeleteDirectory("dsync.deleted"), null);
    }

    static Change change(String changeId, Operation op, Long expectedVersion) {
        return new Change(changeId, DIRECTORY, "SCIM", Instant.ofEpochMilli(1_000L * changeId.hashCode()),
                Optional.empty(), Optional.of("req-" + changeId), Optional.ofNullable(expectedVersion), op);
    }

    static Change createGroup(String changeId, String groupId, String displayName, String... members) {
        return change(changeId, new Operation.CreateGroup(groupId, displayName, null, null, List.of(members)), null);
    }

    static Change addMembers(String changeId, String groupId, String... members) {
        return change(changeId, new Operation.UpdateGroup(groupId, null, null, null, false, List.of(),
                List.of(members)), null);
    }

    static Change removeMembers(String changeId, String groupId, String... members) {
        return change(changeId, new Operation.UpdateGroup(groupId, null, null, null, false, List.of(members),
                List.of()), null);
    }

    static Change replaceMembers(String changeId, String groupId, String... members) {
        return change(changeId, new Operation.UpdateGroup(groupId, null, null, null, true, List.of(),
                List.of(members)), null);
    }

    static Change renameGroup(String changeId, String groupId, String displayName) {
        return change(changeId, new Operation.UpdateGroup(groupId, displayName, null, null, false, List.of(),
                List.of()), null);
    }

    static Change deleteGroup(String changeId, String groupId) {
        return change(changeId, new Operation.DeleteGroup(groupId), null);
    }

    static Change release(String changeId, String... commandIds) {
        return operator(changeId, new Operation.ReleaseHeld(List.of(commandIds), "alice", "checked with HR"));
    }

    static Change discard(String changeId, String... commandIds) {
        return operator(changeId, new Operation.DiscardHeld(List.of(commandIds), "alice", "IdP glitch"));
    }

    static Change from(String source, Change c) {
        return new Change(c.changeId(), c.directoryId(), source, c.receivedAt(), c.occurredAt(), c.requestId(),
                c.expectedVersion(), c.operation());
    }

    /** A change received at a given record time (the guard counts by it). */
    static Change at(long receivedAtMillis, Change c) {
        return new Change(c.changeId(), c.directoryId(), c.source(), Instant.ofEpochMilli(receivedAtMillis),
                c.occurredAt(), c.requestId(), c.expectedVersion(), c.operation());
    }

    private static Change operator(String changeId, Operation op) {
        return new Change(changeId, DIRECTORY, "OPERATOR", Instant.ofEpochMilli(1_000L * changeId.hashCode()),
                Optional.empty(), Optional.empty(), Optional.empty(), op);
    }
}
