package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.dirsync.ingest.changelog.ChangeLog;
import io.dirsync.ingest.projector.GroupReader;
import io.dirsync.ingest.projector.StoredGroup;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.OutcomeStatus;
import io.dirsync.schemas.UpdateGroup;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * SCIM group operations for one directory: each write is one change on the log, answered from the
 * projector's outcome of it. Membership changes travel as deltas and need no read of the members, so a
 * PATCH of 10,000 members costs one change, whatever the group's size. A write reads the group first (without
 * its members, so at the same cost at any size): an unknown id, another directory's, or a stale If-Match is
 * answered without putting anything on the log.
 */
@Singleton
final class GroupService {

    private final ChangeLog changeLog;
    private final GroupReader reader;
    private final Clock clock = Clock.systemUTC();

    GroupService(ChangeLog changeLog, GroupReader reader) {
        this.changeLog = changeLog;
        this.reader = reader;
    }

    StoredGroup create(String directoryId, ObjectNode body) throws ScimException {
        ObjectNode document = GroupDocuments.sanitize(body);
        CreateGroup create = CreateGroup.newBuilder()
                .setGroupId(UUID.randomUUID().toString())
                .setDisplayName(GroupDocuments.displayName(document))
                .setExternalId(GroupDocuments.externalId(document))
                .setDocument(ScimJson.write(document))
                .setAddMembers(GroupDocuments.memberIds(UserDocuments.field(body, "members")))
                .build();
        return applied(changeLog.submit(change(directoryId, create, null)));
    }

    /** PUT: every attribute and the whole member list; the projector applies only the difference. */
    StoredGroup replace(String directoryId, String groupId, ObjectNode body, Optional<Long> ifMatch)
            throws ScimException {
        ObjectNode document = GroupDocuments.sanitize(body);
        String externalId = GroupDocuments.externalId(document);
        current(directoryId, groupId, ifMatch);
        UpdateGroup update = UpdateGroup.newBuilder()
                .setGroupId(groupId)
                .setDisplayName(GroupDocuments.displayName(document))
                .setExternalId(externalId == null ? "" : externalId)
                .setDocument(ScimJson.write(document))
                .setRemoveAllMembers(true)
                .setAddMembers(GroupDocuments.memberIds(UserDocuments.field(body, "members")))
                .build();
        return applied(changeLog.submit(change(directoryId, update, ifMatch.orElse(null))));
    }

    StoredGroup patch(String directoryId, String groupId, ObjectNode body, Optional<Long> ifMatch)
            throws ScimException {
        GroupPatch patch = GroupPatch.parse(body);
        current(directoryId, groupId, ifMatch);
        return applied(changeLog.submit(change(directoryId, patch.toChange(groupId), ifMatch.orElse(null))));
    }

    void delete(String directoryId, String groupId, Optional<Long> ifMatch) throws ScimException {
        current(directoryId, groupId, ifMatch);
        applied(changeLog.submit(change(directoryId, DeleteGroup.newBuilder().setGroupId(groupId).build(),
                ifMatch.orElse(null))));
    }

    StoredGroup get(String directoryId, String groupId) throws ResourceNotFoundException {
        return reader.group(directoryId, groupId)
                .orElseThrow(() -> new ResourceNotFoundException("Group " + groupId + " not found"));
    }

    private void current(String directoryId, String groupId, Optional<Long> ifMatch) throws ScimException {
        StoredGroup current = get(directoryId, groupId);
        ScimChanges.requireVersion(ifMatch, current.version());
    }

    private static StoredGroup applied(ChangeOutcome outcome) throws ScimException {
        if (outcome.getStatus() == OutcomeStatus.APPLIED && outcome.getGroup() != null) {
            return StoredGroup.from(outcome.getGroup());
        }
        throw ScimChanges.rejection(outcome);
    }

    private DirectoryChange change(String directoryId, Object payload, Long expectedVersion) {
        return ScimChanges.change(clock, directoryId, payload, expectedVersion);
    }
}
