package io.dirsync.ingest.scim;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.DirectoryChange;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * What every SCIM write shares: the change it becomes (ids and receivedAt stamped here, at the edge, so the fold
 * stays a pure function of the log) and the SCIM error a rejected outcome maps to.
 */
final class ScimChanges {

    private ScimChanges() {
    }

    static DirectoryChange change(Clock clock, String directoryId, Object payload, Long expectedVersion) {
        return DirectoryChange.newBuilder()
                .setChangeId(UUID.randomUUID().toString())
                .setDirectoryId(directoryId)
                .setSource(ChangeSource.SCIM)
                .setReceivedAt(clock.instant())
                .setRequestId(UUID.randomUUID().toString())
                .setExpectedVersion(expectedVersion)
                .setPayload(payload)
                .build();
    }

    /** 412 when the request's If-Match names another version than the resource's current one. */
    static void requireVersion(Optional<Long> ifMatch, long current) throws PreconditionFailedException {
        if (ifMatch.isPresent() && ifMatch.get() != current) {
            throw new PreconditionFailedException("version " + ifMatch.get() + " is not current");
        }
    }

    /** The protocol error of a rejected outcome: 409 uniqueness, 412, 404, else 400 invalidValue. */
    static ScimException rejection(ChangeOutcome outcome) {
        String detail = outcome.getDetail();
        return switch (outcome.getReason()) {
            case UNIQUENESS -> new ScimException(409, BadRequestException.UNIQUENESS, detail);
            case VERSION_MISMATCH -> new PreconditionFailedException(detail);
            case NOT_FOUND -> new ResourceNotFoundException(detail);
            default -> BadRequestException.invalidValue(detail == null ? "rejected" : detail);
        };
    }
}
