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
        Operation op = change.operation();
        String target = target(op);
        if (op == null || target == null || target.isEmpty()) {
            return reject(change, Optional.empty(), "", Reason.INVALID, "INVALID_CHANGE", "change has no target");
        }
        if (directory.applied(change.changeId())) {
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
        return op instanceof DeleteDirectory ? WHOLE_DIRECTORY : null;
    }

    /** A change folded before (a webhook and a poll of the same event, a retried request) changes nothing. */
    private static Transition duplicate(Directory directory, Change change, String target) {
        Optional<User> current = directory.user(target);
        Event event = anomaly(change, target, current, "DUPLICATE_CHANGE", "change " + change.changeId()
                + " was already applied");
        Outcome outcome = current.filter(User::exists).map(Outcome::applied)
                .orElseGet(() -> Outcome.rejected(Reason.NOT_FOUND, "no user " + target, Optional.empty()));
        return Transition.none(List.of(event), outcome);
    }

    private static Transition create(Directory directory, Change change, CreateUser create) {
        Optional<User> existing = directory.user(create.userId());
        if (existing.isPresent()) {
            return reject(change, existing, create.userId(), Reason.INVALID, "DUPLICATE_USER_ID",
                    "user id " + create.userId() + " is already taken");
        }
        Optional<String> holderId = directory.userIdByUserName(create.data().userName());
        if (holderId.isPresent()) {
            Optional<User> holder = directory.user(holderId.get());
            if (holder.isPresent() && holder.get().state() == LifecycleState.INACTIVE) {
                // Okta re-assigns a deactivated user with a fresh POST: that is the same person returning,
                // not a conflict (answering 409 would lock them out for good).
                return update(change, holder.get(), create.data());
            }
            return reject(change, holder, holderId.get(), Reason.UNIQUENESS, "USERNAME_TAKEN",
                    "userName " + create.data().userName() + " is already in use");
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

    private static Transition replace(Directory directory, Change change, ReplaceUser replace) {
        Optional<User> current = directory.user(replace.userId()).filter(User::exists);
        if (current.isEmpty()) {
            return reject(change, Optional.empty(), replace.userId(), Reason.NOT_FOUND, "UNKNOWN_USER",
                    "no user " + replace.userId());
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
        if (holder.isPresent() && !holder.get().equals(before.userId())) {
            return reject(change, directory.user(holder.get()), before.userId(), Reason.UNIQUENESS, "USERNAME_TAKEN",
                    "userName " + replace.data().userName() + " is already in use");
        }
        return update(change, before, replace.data());
    }

    /** New attributes for an existing user: the joiner/mover/leaver/rejoiner decision. */
    private static Transition update(Change change, User before, UserData data) {
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
        return Transition.of(current, after, events, commands, Outcome.applied(after));
    }

    /** Every user of a deleted directory leaves; the source sends nothing per user, so the cascade is ours. */
    private static Transition deleteDirectory(Directory directory, Change change) {
        List<Transition.Write> writes = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        for (User user : directory.existingUsers()) {
            writes.add(new Transition.Write(Optional.of(user), deleted(change, user, events, commands)));
        }
        return new Transition(writes, events, commands, new Outcome(Outcome.Status.APPLIED, Reason.NONE,
                writes.size() + " users deleted with the directory", Optional.empty()));
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

    private static boolean versionMismatch(Change change, User user) {
        return change.expectedVersion().isPresent() && change.expectedVersion().get() != user.version();
    }

    /** Attribute changes are ordered by the source's clock when it has one (memberships, later, by the log). */
    private static boolean stale(Change change, User user) {
        return change.occurredAt().isPresent() && user.lastOccurredAt() != null
                && change.occurredAt().get().isBefore(user.lastOccurredAt());
    }

    private static Transition reject(Change change, Optional<User> resource, String userId, Reason reason,
                                     String anomaly, String detail) {
        return Transition.none(List.of(anomaly(change, userId, resource, anomaly, detail)),
                Outcome.rejected(reason, detail, resource));
    }

    private static Event anomaly(Change change, String userId, Optional<User> resource, String anomaly,
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

    private static Command command(Change change, User user, Command.Type type, LifecycleState from) {
        return new Command(id(change, user.userId(), type.name()), user.userId(), type, user.data(), from,
                user.state(), user.version());
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
