package io.dirsync.projector.lifecycle;

import io.dirsync.projector.lifecycle.Event.AttributeChange;
import io.dirsync.projector.lifecycle.Operation.CreateUser;
import io.dirsync.projector.lifecycle.Operation.DeleteDirectory;
import io.dirsync.projector.lifecycle.Operation.DeleteUser;
import io.dirsync.projector.lifecycle.Operation.ReplaceUser;
import io.dirsync.projector.lifecycle.Outcome.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle core: a pure function {@code (directory state, change) → Transition}. It never throws for
 * bad, stale or duplicate input (it rejects with an outcome and records an anomaly), reads no clock and makes
 * no random ids, so folding the same log always yields byte-identical output.
 *
 * <p>Leaver rule, in one place: a user leaves when it goes from ACTIVE to anything else — deactivated,
 * deleted, or deleted with its whole directory — and that and only that emits DEPROVISION. A user
 * deactivated and later deleted leaves once.
 */
public final class Lifecycle {

    /** Target of events about the directory as a whole. */
    public static final String WHOLE_DIRECTORY = "*";

    /** Attributes whose change makes a mover rather than a plain update. */
    private static final Set<String> MOVER_ATTRIBUTES = Set.of("department", "title", "managerId");

    private Lifecycle() {
    }

    /** Folds one change into the directory. */
    public static Transition apply(Directory directory, Change change) {
        Transition t = fold(directory, change);
        // An operator's release is the guard's own decision: its commands are not held again.
        boolean decision = change.operation() instanceof Operation.ReleaseHeld
                || change.operation() instanceof Operation.DiscardHeld;
        return decision ? t : Guard.apply(directory, change, t);
    }

    private static Transition fold(Directory directory, Change change) {
        Operation op = change.operation();
        String target = target(op);
        if (op == null || target == null || target.isEmpty()) {
            return reject(change, Optional.empty(), "", Reason.INVALID, "INVALID_CHANGE", "change has no target");
        }
        if (directory.applied(change.changeId()) || lastApplied(directory, change, target)) {
            return duplicate(directory, change, target);
        }
        if (op instanceof CreateUser create) {
            return create(directory, change, create);
        }
        if (op instanceof ReplaceUser replace) {
            return replace(directory, change, replace);
        }
        if (op instanceof DeleteUser delete) {
            return delete(directory, change, delete);
        }
        if (op instanceof Operation.CreateGroup create) {
            return Groups.create(directory, change, create);
        }
        if (op instanceof Operation.UpdateGroup update) {
            return Groups.update(directory, change, update);
        }
        if (op instanceof Operation.DeleteGroup delete) {
            return Groups.delete(directory, change, delete);
        }
        if (op instanceof Operation.ActivateDirectory activate) {
            return activate(change, activate);
        }
        if (op instanceof Operation.ReleaseHeld release) {
            return Guard.release(directory, change, release);
        }
        if (op instanceof Operation.DiscardHeld discard) {
            return Guard.discard(directory, change, discard);
        }
        return deleteDirectory(directory, change);
    }

    private static String target(Operation op) {
        if (op instanceof CreateUser c) {
            return c.userId();
        }
        if (op instanceof ReplaceUser r) {
            return r.userId();
        }
        if (op instanceof DeleteUser d) {
            return d.userId();
        }
        if (op instanceof Operation.CreateGroup c) {
            return c.groupId();
        }
        if (op instanceof Operation.UpdateGroup u) {
            return u.groupId();
        }
        if (op instanceof Operation.DeleteGroup d) {
            return d.groupId();
        }
        return op == null ? null : WHOLE_DIRECTORY;
    }

    /**
     * Whether folding this change must be remembered by its changeId. Sources that deliver the same change more
     * than once (a WorkOS event by webhook and by poll; a reconciliation run again) and directory-wide changes
     * need the ledger; a SCIM change has a fresh id minted per request, so its only possible duplicate is a
     * redelivery of the record itself, which the target's {@code lastChangeId} already recognises — and every
     * ledger entry is one more state-store write and changelog record per change.
     */
    public static boolean needsLedger(Change change) {
        return authoritative(change) || WHOLE_DIRECTORY.equals(target(change.operation()));
    }

    private static boolean lastApplied(Directory directory, Change change, String target) {
        Operation op = change.operation();
        if (groupOperation(op)) {
            return directory.group(target).map(g -> change.changeId().equals(g.lastChangeId())).orElse(false);
        }
        if (WHOLE_DIRECTORY.equals(target)) {
            return false;
        }
        return directory.user(target).map(u -> change.changeId().equals(u.lastChangeId())).orElse(false);
    }

    /**
     * Sources that report what the directory already is (WorkOS webhooks and events, reconciliation) are
     * authoritative and unordered: a create of a known id is an update, an update of an unknown id a create,
     * and a userName they both use is not ours to refuse. SCIM clients get the RFC's answers instead.
     */
    static boolean authoritative(Change change) {
        return switch (change.source()) {
            case "WORKOS_WEBHOOK", "WORKOS_EVENTS", "RECONCILE" -> true;
            default -> false;
        };
    }

    private static boolean groupOperation(Operation op) {
        return op instanceof Operation.CreateGroup || op instanceof Operation.UpdateGroup
                || op instanceof Operation.DeleteGroup;
    }

    /** A change folded before (a webhook and a poll of the same event, a retried request) changes nothing. */
    private static Transition duplicate(Directory directory, Change change, String target) {
        if (groupOperation(change.operation())) {
            Optional<Group> group = directory.group(target);
            Event event = groupAnomaly(change, target, "DUPLICATE_CHANGE", "change " + change.changeId()
                    + " was already applied");
            return Transition.none(List.of(event), group.map(Outcome::applied).orElseGet(() ->
                    Outcome.rejectedGroup(Reason.NOT_FOUND, "no group " + target, Optional.empty())));
        }
        if (WHOLE_DIRECTORY.equals(target)) {
            return Transition.none(List.of(anomaly(change, target, Optional.empty(), "DUPLICATE_CHANGE",
                    "change " + change.changeId() + " was already applied")), Outcome.applied("duplicate"));
        }
        Optional<User> current = directory.user(target);
        Event event = anomaly(change, target, current, "DUPLICATE_CHANGE", "change " + change.changeId()
                + " was already applied");
        Outcome outcome = current.filter(User::exists).map(Outcome::applied)
                .orElseGet(() -> Outcome.rejected(Reason.NOT_FOUND, "no user " + target, Optional.empty()));
        return Transition.none(List.of(event), outcome);
    }

    private static Transition create(Directory directory, Change change, CreateUser create) {
        Optional<User> existing = directory.user(create.userId());
        if (existing.isPresent() && authoritative(change) && existing.get().exists()) {
            return replace(directory, change, new ReplaceUser(create.userId(), create.data()));
        }
        if (existing.isPresent()) {
            return reject(change, existing, create.userId(), Reason.INVALID,
                    existing.get().exists() ? "DUPLICATE_USER_ID" : "USER_DELETED",
                    "user id " + create.userId() + " is already taken");
        }
        return created(directory, change, create);
    }

    private static Transition created(Directory directory, Change change, CreateUser create) {
        Optional<String> holderId = directory.userIdByUserName(create.data().userName());
        if (holderId.isPresent() && !authoritative(change)) {
            Optional<User> holder = directory.user(holderId.get());
            if (holder.isPresent() && holder.get().state() == LifecycleState.INACTIVE) {
                // Okta re-assigns a deactivated user with a fresh POST: that is the same person returning,
                // not a conflict (answering 409 would lock them out for good).
                return update(directory, change, holder.get(), create.data());
            }
            return reject(change, holder, holderId.get(), Reason.UNIQUENESS, "USERNAME_TAKEN",
                    "userName " + create.data().userName() + " is already in use");
        }
        Optional<User> returning = holderId.isPresent() || authoritative(change) || !create.byExternalId()
                ? Optional.empty() : inactiveByExternalId(directory, create.data().externalId());
        if (returning.isPresent()) {
            // Re-assigned under a userName changed while the user was away; the IdP's immutable id is the person.
            return update(directory, change, returning.get(), create.data());
        }
        LifecycleState to = LifecycleState.of(create.data().active());
        User user = new User(change.directoryId(), create.userId(), to, 1, create.data(),
                change.receivedAt(), change.receivedAt(), change.changeId(), change.occurredAt().orElse(null),
                to == LifecycleState.ACTIVE);
        List<Event> events = List.of(event(change, user, Event.Type.JOINED, LifecycleState.NONE,
                diff(null, create.data())));
        List<Command> commands = to == LifecycleState.ACTIVE
                ? List.of(command(change, user, Command.Type.PROVISION, LifecycleState.NONE))
                : List.of();
        return Transition.of(Optional.empty(), user, events, commands, Outcome.applied(user));
    }

    /** The inactive user with that externalId; the first by id if, against the directory's promise, several. */
    private static Optional<User> inactiveByExternalId(Directory directory, String externalId) {
        if (externalId == null || externalId.isEmpty()) {
            return Optional.empty();
        }
        for (String userId : directory.userIdsByExternalId(externalId)) {
            Optional<User> user = directory.user(userId).filter(u -> u.state() == LifecycleState.INACTIVE
                    && externalId.equals(u.data().externalId()));
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }

    private static Transition replace(Directory directory, Change change, ReplaceUser replace) {
        Optional<User> seen = directory.user(replace.userId());
        if (seen.isEmpty() && authoritative(change)) {
            return created(directory, change, new CreateUser(replace.userId(), replace.data()));
        }
        Optional<User> current = seen.filter(User::exists);
        if (current.isEmpty()) {
            // A delete is never undone by a late update.
            return reject(change, Optional.empty(), replace.userId(), Reason.NOT_FOUND,
                    seen.isPresent() ? "USER_DELETED" : "UNKNOWN_USER", "no user " + replace.userId());
        }
        User before = current.get();
        if (versionMismatch(change, before)) {
            return reject(change, current, before.userId(), Reason.VERSION_MISMATCH, "VERSION_MISMATCH",
                    "expected version " + change.expectedVersion().get() + " but is " + before.version());
        }
        if (stale(change, before)) {
            return reject(change, current, before.userId(), Reason.VERSION_MISMATCH, "STALE_CHANGE",
                    "occurred at " + change.occurredAt().get() + ", before the applied " + before.lastOccurredAt());
        }
        Optional<String> holder = directory.userIdByUserName(replace.data().userName());
        if (holder.isPresent() && !holder.get().equals(before.userId()) && !authoritative(change)) {
            return reject(change, directory.user(holder.get()), before.userId(), Reason.UNIQUENESS, "USERNAME_TAKEN",
                    "userName " + replace.data().userName() + " is already in use");
        }
        return update(directory, change, before, replace.data());
    }

    /** New attributes for an existing user: the joiner/mover/leaver/rejoiner decision. */
    private static Transition update(Directory directory, Change change, User before, UserData data) {
        if (before.data().equals(data)) {
            // An identical replace (a retried PUT, an IdP re-sync) changes nothing and says so.
            return Transition.none(List.of(), Outcome.applied(before));
        }
        LifecycleState from = before.state();
        LifecycleState to = LifecycleState.of(data.active());
        Instant occurredAt = change.occurredAt().orElse(before.lastOccurredAt());
        User after = new User(before.directoryId(), before.userId(), to, before.version() + 1, data,
                before.createdAt(), change.receivedAt(), change.changeId(), occurredAt,
                before.everActive() || to == LifecycleState.ACTIVE);
        List<AttributeChange> changes = diff(before.data(), data);
        List<Event> events = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        if (from == LifecycleState.ACTIVE && to == LifecycleState.INACTIVE) {
            events.add(event(change, after, Event.Type.LEFT, from, changes));
            commands.add(command(change, after, Command.Type.DEPROVISION, from));
        } else if (from == LifecycleState.INACTIVE && to == LifecycleState.ACTIVE) {
            // A user created inactive was never provisioned: its first activation is a joiner.
            boolean returning = before.everActive();
            events.add(event(change, after, returning ? Event.Type.REJOINED : Event.Type.JOINED, from, changes));
            commands.add(command(change, after, returning ? Command.Type.REPROVISION : Command.Type.PROVISION, from));
            // Memberships kept while inactive give access again with the user.
            for (String groupId : directory.groupsOf(after.userId())) {
                directory.group(groupId).ifPresent(g -> commands.add(
                        groupCommand(change, after, Command.Type.GRANT_GROUP_ACCESS, g.ref())));
            }
        } else if (!changes.isEmpty()) {
            boolean mover = changes.stream().anyMatch(c -> MOVER_ATTRIBUTES.contains(c.attribute()));
            events.add(event(change, after, mover ? Event.Type.MOVED : Event.Type.UPDATED, from, changes));
            if (to == LifecycleState.ACTIVE) {
                commands.add(command(change, after, Command.Type.UPDATE, from));
            }
        }
        return Transition.of(Optional.of(before), after, events, commands, Outcome.applied(after));
    }

    private static Transition delete(Directory directory, Change change, DeleteUser delete) {
        Optional<User> current = directory.user(delete.userId()).filter(User::exists);
        if (current.isEmpty()) {
            return reject(change, Optional.empty(), delete.userId(), Reason.NOT_FOUND, "UNKNOWN_USER",
                    "no user " + delete.userId());
        }
        if (versionMismatch(change, current.get())) {
            return reject(change, current, delete.userId(), Reason.VERSION_MISMATCH, "VERSION_MISMATCH",
                    "expected version " + change.expectedVersion().get() + " but is " + current.get().version());
        }
        List<Event> events = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        User after = deleted(change, current.get(), events, commands);
        // The user's memberships go with it; its DEPROVISION (or an earlier one) covers the access they gave.
        List<Transition.GroupWrite> groups = new ArrayList<>();
        List<Transition.MembershipWrite> memberships = new ArrayList<>();
        for (String groupId : directory.groupsOf(after.userId())) {
            memberships.add(new Transition.MembershipWrite(groupId, after.userId(), false));
            directory.group(groupId).ifPresent(g -> groups.add(new Transition.GroupWrite(Optional.of(g),
                    Optional.of(g.next(change, g.displayName(), g.externalId(), g.document(),
                            Math.max(0, g.memberCount() - 1))))));
        }
        return new Transition(List.of(new Transition.Write(current, after)), groups, memberships, List.of(),
                Optional.empty(), events, commands, Outcome.applied(after));
    }

    private static Transition activate(Change change, Operation.ActivateDirectory activate) {
        String detail = "directory activated" + (activate.name() == null ? "" : ": " + activate.name())
                + (activate.organizationId() == null ? "" : " (organization " + activate.organizationId() + ")");
        Event event = new Event(id(change, WHOLE_DIRECTORY, Event.Type.DIRECTORY_ACTIVATED.name()), WHOLE_DIRECTORY,
                Event.Type.DIRECTORY_ACTIVATED, LifecycleState.NONE, LifecycleState.NONE, 0, List.of(), null, detail);
        return Transition.none(List.of(event), Outcome.applied(detail));
    }

    /** Every user of a deleted directory leaves; the source sends nothing per user, so the cascade is ours. */
    private static Transition deleteDirectory(Directory directory, Change change) {
        List<Transition.Write> writes = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        for (User user : directory.existingUsers()) {
            writes.add(new Transition.Write(Optional.of(user), deleted(change, user, events, commands)));
        }
        List<Transition.GroupWrite> groups = new ArrayList<>();
        List<Transition.MembershipWrite> memberships = new ArrayList<>();
        for (Group group : directory.existingGroups()) {
            for (String member : directory.members(group.groupId())) {
                memberships.add(new Transition.MembershipWrite(group.groupId(), member, false));
            }
            groups.add(new Transition.GroupWrite(Optional.of(group), Optional.empty()));
            events.add(Groups.groupEvent(change, group, Event.Type.GROUP_DELETED, List.of()));
        }
        return new Transition(writes, groups, memberships, List.of(), Optional.empty(), events, commands,
                Outcome.applied(writes.size() + " users and " + groups.size() + " groups deleted with the directory"));
    }

    private static User deleted(Change change, User before, List<Event> events, List<Command> commands) {
        User after = new User(before.directoryId(), before.userId(), LifecycleState.DELETED, before.version() + 1,
                before.data().withActive(false), before.createdAt(), change.receivedAt(), change.changeId(),
                before.lastOccurredAt(), before.everActive());
        events.add(event(change, after, Event.Type.DELETED, before.state(), List.of()));
        // Only a user who still had access leaves here; an inactive one was deprovisioned already.
        if (before.state() == LifecycleState.ACTIVE) {
            commands.add(command(change, after, Command.Type.DEPROVISION, before.state()));
        }
        return after;
    }

    static boolean versionMismatch(Change change, User user) {
        return change.expectedVersion().isPresent() && change.expectedVersion().get() != user.version();
    }

    /** Attribute changes are ordered by the source's clock when it has one (memberships, later, by the log). */
    private static boolean stale(Change change, User user) {
        return change.occurredAt().isPresent() && user.lastOccurredAt() != null
                && change.occurredAt().get().isBefore(user.lastOccurredAt());
    }

    static Transition reject(Change change, Optional<User> resource, String userId, Reason reason,
                                     String anomaly, String detail) {
        return Transition.none(List.of(anomaly(change, userId, resource, anomaly, detail)),
                Outcome.rejected(reason, detail, resource));
    }

    static Event groupAnomaly(Change change, String groupId, String anomaly, String detail) {
        return new Event(id(change, WHOLE_DIRECTORY, "ANOMALY") + ":" + groupId, WHOLE_DIRECTORY, Event.Type.ANOMALY,
                LifecycleState.NONE, LifecycleState.NONE, 0, List.of(), anomaly, detail,
                new GroupRef(groupId, null), null, null);
    }

    static Event anomaly(Change change, String userId, Optional<User> resource, String anomaly,
                                 String detail) {
        LifecycleState state = resource.map(User::state).orElse(LifecycleState.NONE);
        long version = resource.map(User::version).orElse(0L);
        return new Event(id(change, userId, "ANOMALY"), userId, Event.Type.ANOMALY, state, state, version,
                List.of(), anomaly, detail);
    }

    private static Event event(Change change, User user, Event.Type type, LifecycleState from,
                               List<AttributeChange> changes) {
        return new Event(id(change, user.userId(), type.name()), user.userId(), type, from, user.state(),
                user.version(), changes, null, null);
    }

    static Command command(Change change, User user, Command.Type type, LifecycleState from) {
        return new Command(id(change, user.userId(), type.name()), user.userId(), type, user.data(), from,
                user.state(), user.version(), Causation.of(change), null);
    }

    /** Group access: one per user and group, so the group is part of the id. */
    static Command groupCommand(Change change, User user, Command.Type type, GroupRef group) {
        return new Command(id(change, user.userId(), type.name()) + ":" + group.groupId(), user.userId(), type,
                user.data(), user.state(), user.state(), user.version(), Causation.of(change), group);
    }

    /** Deterministic ids: one change causes at most one event or command of a type per user. */
    static String id(Change change, String userId, String type) {
        return change.changeId() + ":" + userId + ":" + type;
    }

    private static List<AttributeChange> diff(UserData before, UserData after) {
        Map<String, String> old = before == null ? Map.of() : before.attributes();
        List<AttributeChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> entry : after.attributes().entrySet()) {
            String previous = old.get(entry.getKey());
            if (!Objects.equals(previous, entry.getValue())) {
                changes.add(new AttributeChange(entry.getKey(), previous, entry.getValue()));
            }
        }
        return changes;
    }
}
