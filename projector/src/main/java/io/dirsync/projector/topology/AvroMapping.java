package io.dirsync.projector.topology;

import io.dirsync.projector.lifecycle.Change;
import io.dirsync.projector.lifecycle.Command;
import io.dirsync.projector.lifecycle.Event;
import io.dirsync.projector.lifecycle.LifecycleState;
import io.dirsync.projector.lifecycle.Operation;
import io.dirsync.projector.lifecycle.Outcome;
import io.dirsync.projector.lifecycle.User;
import io.dirsync.projector.lifecycle.UserData;
import io.dirsync.schemas.AccessCommand;
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
            op = new Operation.CreateUser(c.getUserId(), toCore(c.getUser(), c.getDocument()));
        } else if (payload instanceof ReplaceUser r) {
            op = new Operation.ReplaceUser(r.getUserId(), toCore(r.getUser(), r.getDocument()));
        } else if (payload instanceof DeleteUser d) {
            op = new Operation.DeleteUser(d.getUserId());
        } else if (payload instanceof DeleteDirectory d) {
            op = new Operation.DeleteDirectory(d.getReason());
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
                .build();
    }

    public static AccessCommand toAvro(DirectoryChange change, Command c) {
        return AccessCommand.newBuilder()
                .setCommandId(c.commandId())
                .setDirectoryId(change.getDirectoryId())
                .setUserId(c.userId())
                .setType(AccessCommandType.valueOf(c.type().name()))
                .setUser(toAvro(c.user()))
                .setFromState(state(c.from()))
                .setToState(state(c.to()))
                .setVersion(c.version())
                .setChangeId(change.getChangeId())
                .setSource(change.getSource() == null ? ChangeSource.UNKNOWN : change.getSource())
                .setReceivedAt(change.getReceivedAt())
                .setOccurredAt(change.getOccurredAt())
                .build();
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
                .build();
    }

    private static UserState state(LifecycleState s) {
        return UserState.valueOf(s.name());
    }
}
