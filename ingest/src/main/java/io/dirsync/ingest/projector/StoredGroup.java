package io.dirsync.ingest.projector;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.schemas.GroupState;
import java.time.Instant;

/** A group as the projector holds it, without members: what the edge needs to render and version it. */
public record StoredGroup(
        String directoryId,
        String groupId,
        String displayName,
        String externalId,
        long version,
        long memberCount,
        Instant createdAt,
        Instant lastModified,
        String document) {

    public static StoredGroup from(GroupState g) {
        return new StoredGroup(g.getDirectoryId(), g.getGroupId(), g.getDisplayName(), g.getExternalId(),
                g.getVersion(), g.getMemberCount(), g.getCreatedAt(), g.getLastModified(), g.getDocument());
    }

    /** From the query API's JSON rendering of a {@link GroupState}. */
    public static StoredGroup fromJson(JsonNode g) {
        return new StoredGroup(g.path("directoryId").asText(), g.path("groupId").asText(),
                g.path("displayName").asText(), g.path("externalId").isTextual() ? g.path("externalId").asText() : null,
                g.path("version").asLong(), g.path("memberCount").asLong(), Instant.parse(g.path("createdAt").asText()),
                Instant.parse(g.path("lastModified").asText()),
                g.path("document").isTextual() ? g.path("document").asText() : null);
    }

    /** One member as listed: id and the user's current names (null when the user is gone). */
    public record Member(String userId, String userName, String displayName) {
    }
}
