package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Test-data builders of WorkOS objects and events, shaped like the documented ones. */
final class WorkosObjects {

    private WorkosObjects() {
    }

    static ObjectNode user(String directoryId, String userId, String email, String state, Instant updatedAt) {
        ObjectNode u = Fixtures.JSON.createObjectNode()
                .put("object", "directory_user")
                .put("id", userId)
                .put("directory_id", directoryId)
                .put("organization_id", "org_test")
                .put("idp_id", "idp-" + userId)
                .put("email", email)
                .put("first_name", email.substring(0, email.indexOf('@')))
                .put("last_name", "Tester")
                .put("state", state)
                .put("created_at", "2026-01-01T00:00:00.000Z")
                .put("updated_at", updatedAt.toString());
        u.putObject("custom_attributes").put("department_name", "Engineering");
        return u;
    }

    static ObjectNode group(String directoryId, String groupId, String name) {
        return Fixtures.JSON.createObjectNode()
                .put("object", "directory_group")
                .put("id", groupId)
                .put("directory_id", directoryId)
                .put("organization_id", "org_test")
                .put("idp_id", "idp-" + groupId)
                .put("name", name)
                .put("created_at", "2026-01-01T00:00:00.000Z")
                .put("updated_at", "2026-01-01T00:00:00.000Z");
    }

    /** An event without id and created_at: {@link FakeWorkos#publish} assigns them. */
    static ObjectNode event(String type, JsonNode data) {
        ObjectNode e = Fixtures.JSON.createObjectNode().put("object", "event").put("event", type);
        e.set("data", data);
        return e;
    }

    static ObjectNode membership(String type, String directoryId, JsonNode user, JsonNode group) {
        ObjectNode data = Fixtures.JSON.createObjectNode().put("directory_id", directoryId);
        data.set("user", user);
        data.set("group", group);
        return event(type, data);
    }
}
