package io.dirsync.ingest.projector;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.time.Instant;

/**
 * A user as the projector holds it, as far as the edge needs it to answer a protocol request:
 * identity, lifecycle state, version (the ETag) and the source document to render back.
 */
public record StoredUser(
        String directoryId,
        String userId,
        String userName,
        boolean active,
        String state,
        long version,
        Instant createdAt,
        Instant lastModified,
        String document) {

    public static StoredUser from(UserLifecycle u) {
        return new StoredUser(u.getDirectoryId(), u.getUserId(), u.getUser().getUserName(),
                u.getState() == UserState.ACTIVE, u.getState().name(), u.getVersion(), u.getCreatedAt(),
                u.getLastModified(), u.getDocument());
    }

    /** From the query API's JSON rendering of a {@link UserLifecycle}. */
    public static StoredUser fromJson(JsonNode u) {
        return new StoredUser(u.path("directoryId").asText(), u.path("userId").asText(),
                u.path("user").path("userName").asText(), "ACTIVE".equals(u.path("state").asText()),
                u.path("state").asText(), u.path("version").asLong(), Instant.parse(u.path("createdAt").asText()),
                Instant.parse(u.path("lastModified").asText()),
                u.path("document").isTextual() ? u.path("document").asText() : null);
    }
}
