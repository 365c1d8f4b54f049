package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.dirsync.ingest.changelog.ChangeLog;
import io.dirsync.ingest.projector.DirectoryReader;
import io.dirsync.ingest.projector.StoredUser;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.OutcomeStatus;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.UserAttributes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * SCIM user operations for one directory: each write becomes exactly one change on the log, and the
 * answer is rendered from the projector's outcome of it (read-your-writes). PATCH is applied here, at
 * the edge, to the current document and sent as a replace guarded by the version it was read at. A write
 * to an existing user reads it first, so an unknown id (or another directory's) and a stale If-Match are
 * answered without putting anything on the log; the projector still decides any write that races.
 */
@Singleton
final class UserService {

    /** PATCH retries a read-modify-write this often when another write got in between. */
    private static final int PATCH_ATTEMPTS = 3;

    private final ChangeLog changeLog;
    private final DirectoryReader reader;
    private final Clock clock;
    private final ScimConfig config;

    UserService(ChangeLog changeLog, DirectoryReader reader, ScimConfig config) {
        this.changeLog = changeLog;
        this.reader = reader;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    StoredUser create(String directoryId, ObjectNode body) throws ScimException {
        ObjectNode document = UserDocuments.sanitize(body);
        UserAttributes user = UserDocuments.canonical(document);
        CreateUser create = CreateUser.newBuilder()
                .setUserId(UUID.randomUUID().toString())
                .setUser(user)
                .setDocument(ScimJson.write(document))
                .setReactivateByExternalId(config.reactivatesByExternalId(directoryId))
                .build();
        return applied(changeLog.submit(change(directoryId, create, null)));
    }

    StoredUser replace(String directoryId, String userId, ObjectNode body, Optional<Long> ifMatch)
            throws ScimException {
        ObjectNode document = UserDocuments.sanitize(body);
        UserAttributes user = UserDocuments.canonical(document);
        current(directoryId, userId, ifMatch);
        ReplaceUser replace = ReplaceUser.newBuilder()
                .setUserId(userId)
                .setUser(user)
                .setDocument(ScimJson.write(document))
                .build();
        return applied(changeLog.submit(change(directoryId, replace, ifMatch.orElse(null))));
    }

    StoredUser patch(String directoryId, String userId, ObjectNode body, Optional<Long> ifMatch) throws ScimException {
        PatchDialect patch = PatchDialect.parse(body);
        for (int attempt = 1; ; attempt++) {
            StoredUser current = current(directoryId, userId, ifMatch);
            ObjectNode document = UserDocuments.render(current, "");
            document.remove("meta");
            ObjectNode result = UserDocuments.sanitize(patch.applyTo(document));
            ReplaceUser replace = ReplaceUser.newBuilder()
                    .setUserId(userId)
                    .setUser(UserDocuments.canonical(result))
                    .setDocument(ScimJson.write(result))
                    .build();
            ChangeOutcome outcome = changeLog.submit(change(directoryId, replace, current.version()));
            boolean raced = outcome.getStatus() == OutcomeStatus.REJECTED
                    && outcome.getReason() == io.dirsync.schemas.OutcomeReason.VERSION_MISMATCH;
            if (!raced || ifMatch.isPresent() || attempt == PATCH_ATTEMPTS) {
                return applied(outcome);
            }
        }
    }

    void delete(String directoryId, String userId, Optional<Long> ifMatch) throws ScimException {
        current(directoryId, userId, ifMatch);
        DeleteUser delete = DeleteUser.newBuilder().setUserId(userId).build();
        applied(changeLog.submit(change(directoryId, delete, ifMatch.orElse(null))));
    }

    StoredUser get(String directoryId, String userId) throws ResourceNotFoundException {
        return reader.user(directoryId, userId)
                .orElseThrow(() -> new ResourceNotFoundException("User " + userId + " not found"));
    }

    /** The user a write targets, read before anything is produced: 404 if unknown here, 412 if If-Match is stale. */
    private StoredUser current(String directoryId, String userId, Optional<Long> ifMatch) throws ScimException {
        StoredUser current = get(directoryId, userId);
        ScimChanges.requireVersion(ifMatch, current.version());
        return current;
    }

    private static StoredUser applied(ChangeOutcome outcome) throws ScimException {
        if (outcome.getStatus() == OutcomeStatus.APPLIED) {
            return StoredUser.from(outcome.getResource());
        }
        throw ScimChanges.rejection(outcome);
    }

    private DirectoryChange change(String directoryId, Object payload, Long expectedVersion) {
        return ScimChanges.change(clock, directoryId, payload, expectedVersion);
    }
}
