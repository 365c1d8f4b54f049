package io.dirsync.projector.lifecycle;

import io.dirsync.projector.lifecycle.Event.AttributeChange;
import io.dirsync.projector.lifecycle.Operation.CreateUser;
import io.dirsync.projector.lifecycle.Operation.DeleteUser;
import io.dirsync.projector.lifecycle.Operation.ReplaceUser;
import io.dirsync.projector.lifecycle.Outcome.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle core: a pure function {@code (directory state, change) → Transition}. It never throws for
 * bad or stale input (it rejects with an outcome and records an anomaly), reads no clock and makes no
 * random ids, so folding the same log always yields byte-identical output.
 *
 * <p>Leaver rule, in one place: a user leaves when it goes from ACTIVE to anything else (deactivated or
 * deleted); that and only that emits DEPROVISION. A user deactivated and later deleted leaves once.
 */
public final class Lifecycle {

    /** Attributes whose change makes a mover rather than a plain update. */
    private static final Set<String> MOVER_ATTRIBUTES = Set.of("department", "title", "managerId");

    private Lifecycle() {
    }

    /** Folds one change into the directory. */
    public static Transition apply(Directory directory, Change change) {
        Operation op = change.operation();
        if (op == null || op.userId() == null || op.userId().isEmpty()) {
            return reject(change, Optional.empty(), "", Reason.INVALID, "INVALID_CHANGE", "change has no target user");
        }
        if (op instanceof CreateUser create) {
            return create(directory, change, create);
        }
        if (op instanceof ReplaceUser replace) {
            return replace(directory, change, replace);
        }
        return delete(directory, change, (DeleteUser) op);
    }

    private static Transition create(Directory directory, Change change, CreateUser create) {
        Optional<User> existing = directory.user(create.userId());
        if (existing.isPresent()) {
            return reject(change, existing, create.userId(), Reason.INVALID, "DUPLICATE_USER_ID",
                    "user id " + create.userId() + " is already taken");
        }
        Optional<String> holder = directory.userIdByUserName(create.data().userName());
        if (holder.isPresent()) {
            Optional<User> conflicting = directory.user(holder.get());
            return reject(change, conflicting, holder.get(), Reason.UNIQUENESS, "USERNAME_TAKEN",
                    "userName " + create.data().userName() + " is already in use");
        }
        LifecycleState to = LifecycleState.of(create.data().active());
        User user = new User(change.directoryId(), create.userId(), to, 1, create.data(),
                change.receivedAt(), change.receivedAt(), change.changeId());
        List<Event> events = List.of(event(change, user, Event.Type.JOINED, LifecycleState.NONE,
                diff(null, create.data())));
        List<Command> commands = to == LifecycleState.ACTIVE
                ? List.of(command(change, user, Command.Type.PROVISION, LifecycleState.NONE))
                : List.of();
        return new Transition(Optional.empty(), Optional.of(user), events, commands, Outcome.applied(user));
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
        Optional<String> holder = directory.userIdByUserName(replace.data().userName());
        if (holder.isPresent() && !holder.get().equals(before.userId())) {
            return reject(change, directory.user(holder.get()), before.userId(), Reason.UNIQUENESS, "USERNAME_TAKEN",
                    "userName " + replace.data().userName() + " is already in use");
        }
        if (before.data().equals(replace.data())) {
            // An identical replace (a retried PUT, an IdP re-sync) changes nothing and says so.
            return new Transition(current, Optional.empty(), List.of(), List.of(), Outcome.applied(before));
        }
        LifecycleState to = LifecycleState.of(replace.data().active());
        User after = new User(before.directoryId(), before.userId(), to, before.version() + 1, replace.data(),
                before.createdAt(), change.receivedAt(), change.changeId());
        List<AttributeChange> changes = diff(before.data(), replace.data());
        List<Event> events = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        LifecycleState from = before.state();
        if (from == LifecycleState.ACTIVE && to == LifecycleState.INACTIVE) {
            events.add(event(change, after, Event.Type.LEFT, from, changes));
            commands.add(command(change, after, Command.Type.DEPROVISION, from));
        } else if (from == LifecycleState.INACTIVE && to == LifecycleState.ACTIVE) {
            events.add(event(change, after, Event.Type.REJOINED, from, changes));
            commands.add(command(change, after, Command.Type.REPROVISION, from));
        } else if (!changes.isEmpty()) {
            boolean mover = changes.stream().anyMatch(c -> MOVER_ATTRIBUTES.contains(c.attribute()));
            events.add(event(change, after, mover ? Event.Type.MOVED : Event.Type.UPDATED, from, changes));
            if (to == LifecycleState.ACTIVE) {
                commands.add(command(change, after, Command.Type.UPDATE, from));
            }
        }
        return new Transition(current, Optional.of(after), events, commands, Outcome.applied(after));
    }

    private static Transition delete(Directory directory, Change change, DeleteUser delete) {
        Optional<User> current = directory.user(delete.userId()).filter(User::exists);
        if (current.isEmpty()) {
            return reject(change, Optional.empty(), delete.userId(), Reason.NOT_FOUND, "UNKNOWN_USER",
                    "no user " + delete.userId());
        }
        User before = current.get();
        if (versionMismatch(change, before)) {
            return reject(change, current, before.userId(), Reason.VERSION_MISMATCH, "VERSION_MISMATCH",
                    "expected version " + change.expectedVersion().get() + " but is " + before.version());
        }
        User after = new User(before.directoryId(), before.userId(), LifecycleState.DELETED, before.version() + 1,
                before.data().withActive(false), before.createdAt(), change.receivedAt(), change.changeId());
        List<Event> events = List.of(event(change, after, Event.Type.DELETED, before.state(), List.of()));
        // Only a user who still had access leaves here; an inactive one was deprovisioned already.
        List<Command> commands = before.state() == LifecycleState.ACTIVE
                ? List.of(command(change, after, Command.Type.DEPROVISION, before.state()))
                : List.of();
        return new Transition(current, Optional.of(after), events, commands, Outcome.applied(after));
    }

    private static boolean versionMismatch(Change change, User user) {
        return change.expectedVersion().isPresent() && change.expectedVersion().get() != user.version();
    }

    private static Transition reject(Change change, Optional<User> resource, String userId, Reason reason,
                                     String anomaly, String detail) {
        LifecycleState state = resource.map(User::state).orElse(LifecycleState.NONE);
        long version = resource.map(User::version).orElse(0L);
        Event event = new Event(id(change, userId, "ANOMALY"), userId, Event.Type.ANOMALY, state, state, version,
                List.of(), anomaly, detail);
        return new Transition(resource, Optional.empty(), List.of(event), List.of(),
                Outcome.rejected(reason, detail, resource));
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
