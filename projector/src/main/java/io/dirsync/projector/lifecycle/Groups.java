package io.dirsync.projector.lifecycle;

import io.dirsync.projector.lifecycle.Event.AttributeChange;
import io.dirsync.projector.lifecycle.Outcome.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Group rules of the lifecycle core. A membership is group-derived access: added to an active user it is a
 * GRANT_GROUP_ACCESS, removed (or its group deleted) a REVOKE_GROUP_ACCESS. Members that are inactive get
 * no command now — their DEPROVISION covered it — and get their groups back with their REPROVISION.
 */
final class Groups {

    private Groups() {
    }

    static Transition create(Directory directory, Change change, Operation.CreateGroup create) {
        Optional<Group> existing = directory.group(create.groupId());
        if (existing.isPresent()) {
            if (Lifecycle.authoritative(change)) {
                return update(directory, change, new Operation.UpdateGroup(create.groupId(), create.displayName(),
                        create.externalId(), create.document(), false, List.of(), create.addMembers()));
            }
            return rejectGroup(change, existing, create.groupId(), Reason.INVALID, "DUPLICATE_GROUP_ID",
                    "group id " + create.groupId() + " is already taken");
        }
        if (create.displayName() == null || create.displayName().isBlank()) {
            return rejectGroup(change, Optional.empty(), create.groupId(), Reason.INVALID, "INVALID_CHANGE",
                    "a group needs a displayName");
        }
        Optional<Transition> taken = nameTaken(directory, change, create.groupId(), create.displayName());
        if (taken.isPresent()) {
            return taken.get();
        }
        Members members = new Members();
        Optional<Transition> invalid = members.add(directory, change, create.groupId(), Set.of(),
                create.addMembers());
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Group group = new Group(change.directoryId(), create.groupId(), create.displayName(), create.externalId(),
                create.document(), 1, members.added.size(), change.receivedAt(), change.receivedAt(),
                change.changeId());
        List<Event> events = new ArrayList<>();
        events.add(groupEvent(change, group, Event.Type.GROUP_CREATED, attributes(null, group)));
        return members.transition(directory, change, Optional.empty(), Optional.of(group), events);
    }

    static Transition update(Directory directory, Change change, Operation.UpdateGroup update) {
        Optional<Group> current = directory.group(update.groupId());
        if (current.isEmpty()) {
            if (Lifecycle.authoritative(change) && update.displayName() != null) {
                // Webhooks are unordered: an update that names the group may arrive before its create.
                return create(directory, change, new Operation.CreateGroup(update.groupId(), update.displayName(),
                        update.externalId(), update.document(), update.addMembers()));
            }
            return rejectGroup(change, Optional.empty(), update.groupId(), Reason.NOT_FOUND, "UNKNOWN_GROUP",
                    "no group " + update.groupId());
        }
        Group before = current.get();
        if (change.expectedVersion().isPresent() && change.expectedVersion().get() != before.version()) {
            return rejectGroup(change, current, before.groupId(), Reason.VERSION_MISMATCH, "VERSION_MISMATCH",
                    "expected version " + change.expectedVersion().get() + " but is " + before.version());
        }
        String displayName = Objects.requireNonNullElse(update.displayName(), before.displayName());
        if (displayName.isBlank()) {
            return rejectGroup(change, current, before.groupId(), Reason.INVALID, "INVALID_CHANGE",
                    "a group needs a displayName");
        }
        if (!UserNames.normalize(displayName).equals(UserNames.normalize(before.displayName()))) {
            Optional<Transition> taken = nameTaken(directory, change, before.groupId(), displayName);
            if (taken.isPresent()) {
                return taken.get();
            }
        }
        Members members = new Members();
        Set<String> removing = new LinkedHashSet<>();
        if (update.removeAllMembers()) {
            removing.addAll(directory.members(before.groupId()));
        }
        for (String userId : update.removeMembers()) {
            if (directory.isMember(before.groupId(), userId)) {
                removing.add(userId);
            }
        }
        Optional<Transition> invalid = members.add(directory, change, before.groupId(), removing,
                update.addMembers());
        if (invalid.isPresent()) {
            return invalid.get();
        }
        // A member removed and added back in the same change (a replace of the member list) stays a member.
        removing.removeAll(members.kept);
        members.removed.addAll(removing);
        Group after = before.next(change, displayName,
                update.externalId() != null ? update.externalId() : before.externalId(),
                update.document() != null ? update.document() : before.document(),
                before.memberCount() + members.added.size() - members.removed.size());
        List<AttributeChange> changes = attributes(before, after);
        if (changes.isEmpty() && members.added.isEmpty() && members.removed.isEmpty()
                && Objects.equals(before.document(), after.document())) {
            return Transition.none(List.of(), Outcome.applied(before));
        }
        List<Event> events = new ArrayList<>();
        if (!changes.isEmpty()) {
            events.add(groupEvent(change, after, Event.Type.GROUP_UPDATED, changes));
        }
        return members.transition(directory, change, current, Optional.of(after), events);
    }

    static Transition delete(Directory directory, Change change, Operation.DeleteGroup delete) {
        Optional<Group> current = directory.group(delete.groupId());
        if (current.isEmpty()) {
            return rejectGroup(change, Optional.empty(), delete.groupId(), Reason.NOT_FOUND, "UNKNOWN_GROUP",
                    "no group " + delete.groupId());
        }
        Group group = current.get();
        if (change.expectedVersion().isPresent() && change.expectedVersion().get() != group.version()) {
            return rejectGroup(change, current, group.groupId(), Reason.VERSION_MISMATCH, "VERSION_MISMATCH",
                    "expected version " + change.expectedVersion().get() + " but is " + group.version());
        }
        Members members = new Members();
        members.removed.addAll(directory.members(group.groupId()));
        List<Event> events = new ArrayList<>();
        events.add(groupEvent(change, group, Event.Type.GROUP_DELETED, List.of()));
        Transition t = members.transition(directory, change, current, Optional.empty(), events);
        return new Transition(t.writes(), t.groupWrites(), t.memberships(), t.heldWrites(), t.guard(), t.events(),
                t.commands(), Outcome.applied(group));
    }

    /** The membership delta of one change, and the transition it makes. */
    private static final class Members {
        private final Set<String> added = new LinkedHashSet<>();
        private final Set<String> removed = new LinkedHashSet<>();
        private final Set<String> kept = new LinkedHashSet<>();
        private final List<Event> anomalies = new ArrayList<>();

        /** Adds ids not yet members (or being removed); an unknown user rejects a SCIM change, is skipped otherwise. */
        Optional<Transition> add(Directory directory, Change change, String groupId, Set<String> removing,
                                 List<String> userIds) {
            for (String userId : userIds) {
                boolean member = directory.isMember(groupId, userId);
                if (member && removing.contains(userId)) {
                    kept.add(userId);
                    continue;
                }
                if (member || added.contains(userId)) {
                    continue;
                }
                if (directory.user(userId).filter(User::exists).isEmpty()) {
                    String detail = "no user " + userId + " to add to group " + groupId;
                    if (!Lifecycle.authoritative(change)) {
                        return Optional.of(rejectGroup(change, directory.group(groupId), groupId, Reason.INVALID,
                                "UNKNOWN_MEMBER", detail));
                    }
                    Event e = Lifecycle.groupAnomaly(change, groupId, "UNKNOWN_MEMBER", detail);
                    anomalies.add(new Event(e.eventId() + ":" + userId, userId, e.type(), e.from(), e.to(), 0,
                            List.of(), e.anomaly(), detail, e.group(), null, null));
                    continue;
                }
                added.add(userId);
            }
            return Optional.empty();
        }

        Transition transition(Directory directory, Change change, Optional<Group> before, Optional<Group> after,
                              List<Event> events) {
            Group named = after.orElseGet(before::orElseThrow);
            GroupRef ref = named.ref();
            List<Transition.MembershipWrite> writes = new ArrayList<>();
            List<Command> commands = new ArrayList<>();
            events.addAll(anomalies);
            for (String userId : removed) {
                writes.add(new Transition.MembershipWrite(named.groupId(), userId, false));
                directory.user(userId).ifPresent(user -> {
                    events.add(membershipEvent(change, user, ref, ref.groupId(), null));
                    if (user.state() == LifecycleState.ACTIVE) {
                        commands.add(Lifecycle.groupCommand(change, user, Command.Type.REVOKE_GROUP_ACCESS, ref));
                    }
                });
            }
            for (String userId : added) {
                writes.add(new Transition.MembershipWrite(named.groupId(), userId, true));
                User user = directory.user(userId).orElseThrow();
                events.add(membershipEvent(change, user, ref, null, ref.groupId()));
                if (user.state() == LifecycleState.ACTIVE) {
                    commands.add(Lifecycle.groupCommand(change, user, Command.Type.GRANT_GROUP_ACCESS, ref));
                }
            }
            Outcome outcome = after.map(Outcome::applied).orElseGet(() -> Outcome.applied(before.orElseThrow()));
            return new Transition(List.of(), List.of(new Transition.GroupWrite(before, after)), writes, List.of(),
                    Optional.empty(), events, commands, outcome);
        }
    }

    private static Optional<Transition> nameTaken(Directory directory, Change change, String groupId,
                                                  String displayName) {
        Optional<String> holder = directory.groupIdByDisplayName(displayName);
        if (holder.isPresent() && !holder.get().equals(groupId) && !Lifecycle.authoritative(change)) {
            return Optional.of(rejectGroup(change, directory.group(holder.get()), groupId, Reason.UNIQUENESS,
                    "DISPLAYNAME_TAKEN", "displayName " + displayName + " is already in use"));
        }
        return Optional.empty();
    }

    private static Event membershipEvent(Change change, User user, GroupRef group, String before, String after) {
        return new Event(Lifecycle.id(change, user.userId(), Event.Type.MOVED.name()) + ":" + group.groupId(),
                user.userId(), Event.Type.MOVED, user.state(), user.state(), user.version(),
                List.of(new AttributeChange("groups", before, after)), null, null, group, null, null);
    }

    static Event groupEvent(Change change, Group group, Event.Type type, List<AttributeChange> changes) {
        return new Event(Lifecycle.id(change, Lifecycle.WHOLE_DIRECTORY, type.name()) + ":" + group.groupId(),
                Lifecycle.WHOLE_DIRECTORY, type, LifecycleState.NONE, LifecycleState.NONE, group.version(), changes,
                null, null, group.ref(), null, null);
    }

    private static List<AttributeChange> attributes(Group before, Group after) {
        List<AttributeChange> changes = new ArrayList<>();
        String oldName = before == null ? null : before.displayName();
        String oldExternal = before == null ? null : before.externalId();
        if (!Objects.equals(oldName, after.displayName())) {
            changes.add(new AttributeChange("displayName", oldName, after.displayName()));
        }
        if (!Objects.equals(oldExternal, after.externalId())) {
            changes.add(new AttributeChange("externalId", oldExternal, after.externalId()));
        }
        return changes;
    }

    private static Transition rejectGroup(Change change, Optional<Group> resource, String groupId, Reason reason,
                                          String anomaly, String detail) {
        return Transition.none(List.of(Lifecycle.groupAnomaly(change, groupId, anomaly, detail)),
                Outcome.rejectedGroup(reason, detail, resource));
    }
}
