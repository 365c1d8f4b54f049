package io.dirsync.projector.topology;

import io.dirsync.projector.lifecycle.Causation;
import io.dirsync.projector.lifecycle.Change;
import io.dirsync.projector.lifecycle.Group;
import io.dirsync.projector.lifecycle.GroupRef;
import io.dirsync.projector.lifecycle.GuardState;
import io.dirsync.projector.lifecycle.Held;
import io.dirsync.projector.lifecycle.Command;
import io.dirsync.projector.lifecycle.Event;
import io.dirsync.projector.lifecycle.LifecycleState;
import io.dirsync.projector.lifecycle.Operation;
import io.dirsync.projector.lifecycle.Outcome;
import io.dirsync.projector.lifecycle.User;
import io.dirsync.projector.lifecycle.UserData;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.ActivateDirectory;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DeprovisionBucket;
import io.dirsync.schemas.DiscardHeldCommands;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.HeldCommand;
import io.dirsync.schemas.ReleaseHeldCommands;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AttributeChange;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteDirectory;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.LifecycleEventType;
import io.dirsync.schemas.OutcomeReason;
import io.dirsync.schemas.OutcomeStatus;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.util.List;
import java.util.Optional;

/**
 * Avro ↔ core records, in one place for the projector. Avro classes are mutable and evolve with the
 * schemas; the core sees only its own immutable records.
 */
public final class AvroMapping {

    private AvroMapping() {
    }

    /** The core view of a change; an operation the core does not know maps to null (rejected as INVALID). */
    public static Change toCore(DirectoryChange change) {
        Object payload = change.getPayload();
        Operation op = null;
        if (payload instanceof CreateUser c) {
            op = new Operation.CreateUser(c.getUserId(), toCore(c.getUser(), c.getDocument()),
                    c.getReactivateByExternalId());
        } else if (payload instanceof ReplaceUser r) {
            op = new Operation.ReplaceUser(r.getUserId(), toCore(r.getUser(), r.getDocument()));
        } else if (payload instanceof DeleteUser d) {
            op = new Operation.DeleteUser(d.getUserId());
        } else if (payload instanceof DeleteDirectory d) {
            op = new Operation.DeleteDirectory(d.getReason());
        } else if (payload instanceof CreateGroup g) {
            op = new Operation.CreateGroup(g.getGroupId(), g.getDisplayName(), g.getExternalId(), g.getDocument(),
                    List.copyOf(g.getAddMembers()));
        } else if (payload instanceof UpdateGroup g) {
            op = new Operation.UpdateGroup(g.getGroupId(), g.getDisplayName(), g.getExternalId(), g.getDocument(),
                    g.getRemoveAllMembers(), List.copyOf(g.getRemoveMembers()), List.copyOf(g.getAddMembers()));
        } else if (payload instanceof DeleteGroup g) {
            op = new Operation.DeleteGroup(g.getGroupId());
        } else if (payload instanceof ActivateDirectory a) {
            op = new Operation.ActivateDirectory(a.getName(), a.getOrganizationId());
        } else if (payload instanceof ReleaseHeldCommands r) {
            op = new Operation.ReleaseHeld(List.copyOf(r.getCommandIds()), r.getOperator(), r.getReason());
        } else if (payload instanceof DiscardHeldCommands r) {
            op = new Operation.DiscardHeld(List.copyOf(r.getCommandIds()), r.getOperator(), r.getReason());
        }
        return new Change(change.getChangeId(), change.getDirectoryId(), change.getSource().name(),
                change.getReceivedAt(), Optional.ofNullable(change.getOccurredAt()),
                Optional.ofNullable(change.getRequestId()), Optional.ofNullable(change.getExpectedVersion()), op);
    }

    public static UserData toCore(UserAttributes a, String document) {
        return new UserData(a.getUserName(), a.getExternalId(), a.getActive(), a.getDisplayName(), a.getGivenName(),
                a.getFamilyName(), a.getEmail(), a.getDepartment(), a.getTitle(), a.getManagerId(), document);
    }

    public static User toCore(UserLifecycle u) {
        return new User(u.getDirectoryId(), u.getUserId(), LifecycleState.valueOf(u.getState().name()),
                u.getVersion(), toCore(u.getUser(), u.getDocument()), u.getCreatedAt(), u.getLastModified(),
                u.getLastChangeId(), u.getLastOccurredAt(), u.getEverActive());
    }

    public static UserAttributes toAvro(UserData d) {
        return UserAttributes.newBuilder()
                .setUserName(d.userName())
                .setExternalId(d.externalId())
                .setActive(d.active())
                .setDisplayName(d.displayName())
                .setGivenName(d.givenName())
                .setFamilyName(d.familyName())
                .setEmail(d.email())
                .setDepartment(d.department())
                .setTitle(d.title())
                .setManagerId(d.managerId())
                .build();
    }

    public static UserLifecycle toAvro(User u) {
        return UserLifecycle.newBuilder()
                .setDirectoryId(u.directoryId())
                .setUserId(u.userId())
                .setState(state(u.state()))
                .setVersion(u.version())
                .setUser(toAvro(u.data()))
                .setDocument(u.data().document())
                .setCreatedAt(u.createdAt())
                .setLastModified(u.lastModified())
                .setLastChangeId(u.lastChangeId())
                .setLastOccurredAt(u.lastOccurredAt())
                .setEverActive(u.everActive())
                .build();
    }

    public static LifecycleEvent toAvro(DirectoryChange change, Event e) {
        return LifecycleEvent.newBuilder()
                .setEventId(e.eventId())
                .setDirectoryId(change.getDirectoryId())
                .setUserId(e.userId())
                .setType(LifecycleEventType.valueOf(e.type().name()))
                .setFromState(state(e.from()))
                .setToState(state(e.to()))
                .setVersion(e.version())
                .setChangeId(change.getChangeId())
                .setSource(change.getSource())
                .setReceivedAt(change.getReceivedAt())
                .setOccurredAt(change.getOccurredAt())
                .setChanges(e.changes().stream()
                        .map(c -> new AttributeChange(c.attribute(), c.before(), c.after()))
                        .toList())
                .setAnomaly(e.anomaly())
                .setDetail(e.detail())
                .setGroup(toAvro(e.group()))
                .setCommandId(e.commandId())
                .setActor(e.actor())
                .build();
    }

    /** A command as published; its causation is its own (a released command names the change that caused it). */
    private static AccessCommand toAvro(Command c, String directoryId) {
        return AccessCommand.newBuilder()
                .setCommandId(c.commandId())
                .setDirectoryId(directoryId)
                .setUserId(c.userId())
                .setType(AccessCommandType.valueOf(c.type().name()))
                .setUser(toAvro(c.user()))
                .setFromState(state(c.from()))
                .setToState(state(c.to()))
                .setVersion(c.version())
                .setChangeId(c.cause().changeId())
                .setSource(source(c.cause().source()))
                .setReceivedAt(c.cause().receivedAt())
                .setOccurredAt(c.cause().occurredAt().orElse(null))
                .setGroup(toAvro(c.group()))
                .build();
    }

    public static AccessCommand toAvro(String directoryId, Command c) {
        return toAvro(c, directoryId);
    }

    public static Command toCore(AccessCommand c) {
        return new Command(c.getCommandId(), c.getUserId(), Command.Type.valueOf(c.getType().name()),
                toCore(c.getUser(), null), LifecycleState.valueOf(c.getFromState().name()),
                LifecycleState.valueOf(c.getToState().name()), c.getVersion(),
                new Causation(c.getChangeId(), c.getSource().name(), c.getReceivedAt(),
                        Optional.ofNullable(c.getOccurredAt())),
                c.getGroup() == null ? null : new GroupRef(c.getGroup().getGroupId(), c.getGroup().getDisplayName()));
    }

    public static HeldCommand toAvro(String directoryId, Held h) {
        return new HeldCommand(toAvro(directoryId, h.command()), h.heldAt(), h.tripChangeId());
    }

    public static Held toCore(HeldCommand h) {
        return new Held(toCore(h.getCommand()), h.getHeldAt(), h.getTripChangeId());
    }

    public static io.dirsync.schemas.GuardState toAvro(String directoryId, GuardState g) {
        return io.dirsync.schemas.GuardState.newBuilder()
                .setDirectoryId(directoryId)
                .setActiveUsers(g.activeUsers())
                .setRecentDeprovisions(List.of())
                .setDeprovisionBuckets(g.recent().stream()
                        .map(r -> new DeprovisionBucket(r.start(), r.count())).toList())
                .setTripped(g.tripped())
                .setTrippedAt(g.trippedAt())
                .setTripChangeId(g.tripChangeId())
                .setHeld(g.held())
                .build();
    }

    public static GuardState toCore(io.dirsync.schemas.GuardState g) {
        // State written before the slices kept one record time per DEPROVISION: each is a slice of one.
        List<GuardState.Slice> recent = new java.util.ArrayList<>();
        g.getRecentDeprovisions().forEach(at -> recent.add(new GuardState.Slice(at, 1)));
        g.getDeprovisionBuckets().forEach(b -> recent.add(new GuardState.Slice(b.getStart(), b.getCount())));
        return new GuardState(g.getActiveUsers(), List.copyOf(recent), g.getTripped(),
                g.getTrippedAt(), g.getTripChangeId(), g.getHeld());
    }

    public static GroupState toAvro(Group g) {
        return GroupState.newBuilder()
                .setDirectoryId(g.directoryId())
                .setGroupId(g.groupId())
                .setDisplayName(g.displayName())
                .setExternalId(g.externalId())
                .setDocument(g.document())
                .setVersion(g.version())
                .setMemberCount(g.memberCount())
                .setCreatedAt(g.createdAt())
                .setLastModified(g.lastModified())
                .setLastChangeId(g.lastChangeId())
                .build();
    }

    public static Group toCore(GroupState g) {
        return new Group(g.getDirectoryId(), g.getGroupId(), g.getDisplayName(), g.getExternalId(), g.getDocument(),
                g.getVersion(), g.getMemberCount(), g.getCreatedAt(), g.getLastModified(), g.getLastChangeId());
    }

    private static io.dirsync.schemas.GroupRef toAvro(GroupRef ref) {
        return ref == null ? null : new io.dirsync.schemas.GroupRef(ref.groupId(), ref.displayName());
    }

    private static ChangeSource source(String name) {
        try {
            return ChangeSource.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return ChangeSource.UNKNOWN;
        }
    }

    public static ChangeOutcome toAvro(DirectoryChange change, Outcome o) {
        return ChangeOutcome.newBuilder()
                .setRequestId(change.getRequestId())
                .setChangeId(change.getChangeId())
                .setDirectoryId(change.getDirectoryId())
                .setStatus(OutcomeStatus.valueOf(o.status().name()))
                .setReason(OutcomeReason.valueOf(o.reason().name()))
                .setDetail(o.detail())
                .setResource(o.resource().map(AvroMapping::toAvro).orElse(null))
                .setGroup(o.group().map(AvroMapping::toAvro).orElse(null))
                .build();
    }

    private static UserState state(LifecycleState s) {
        return UserState.valueOf(s.name());
    }
}
