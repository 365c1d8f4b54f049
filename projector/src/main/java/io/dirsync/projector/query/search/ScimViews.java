package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The SCIM JSON a filter is evaluated against, built from the stored state the way the edge renders it
 * (RFC 7643 §3.1): the stored document, with the server's {@code id}, {@code active} (from the lifecycle state,
 * so Entra's "False" strings and deactivations read as booleans) and {@code meta}; a group's canonical
 * {@code displayName} and {@code externalId}. {@code meta.location} is left out: it depends on the caller's URL.
 */
public final class ScimViews {

    private static final Set<String> SERVER_OWNED = Set.of("id", "meta", "active");
    private static final Set<String> GROUP_OWNED = Set.of("id", "meta", "members", "displayname", "externalid");

    private ScimViews() {
    }

    public static ObjectNode user(UserLifecycle user) {
        ObjectNode doc = document(user.getDocument());
        ObjectNode out = JsonUtils.getJsonNodeFactory().objectNode();
        if (SortSpec.field(doc, "schemas") == null) {
            out.putArray("schemas").add(ResourceKind.USER.schema());
        }
        out.put("id", user.getUserId());
        copy(doc, out, SERVER_OWNED);
        if (SortSpec.field(out, "userName") == null) {
            out.put("userName", user.getUser().getUserName());
        }
        out.put("active", user.getState() == UserState.ACTIVE);
        meta(out, "User", user.getCreatedAt().toString(), user.getLastModified().toString(), user.getVersion());
        return out;
    }

    public static ObjectNode group(GroupState group) {
        ObjectNode doc = document(group.getDocument());
        ObjectNode out = JsonUtils.getJsonNodeFactory().objectNode();
        if (SortSpec.field(doc, "schemas") == null) {
            out.putArray("schemas").add(ResourceKind.GROUP.schema());
        }
        out.put("id", group.getGroupId());
        out.put("displayName", group.getDisplayName());
        if (group.getExternalId() != null) {
            out.put("externalId", group.getExternalId());
        }
        copy(doc, out, GROUP_OWNED);
        meta(out, "Group", group.getCreatedAt().toString(), group.getLastModified().toString(), group.getVersion());
        return out;
    }

    private static void copy(ObjectNode from, ObjectNode to, Set<String> skip) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!skip.contains(field.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void meta(ObjectNode out, String resourceType, String created, String lastModified, long version) {
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", resourceType);
        meta.put("created", created);
        meta.put("lastModified", lastModified);
        meta.put("version", "W/\"" + version + "\"");
    }

    private static ObjectNode document(String json) {
        if (json == null || json.isBlank()) {
            return JsonUtils.getJsonNodeFactory().objectNode();
        }
        try {
            JsonNode node = JsonUtils.getObjectReader().readTree(json);
            // A stored document that is not an object (never written by the SCIM edge) has no attributes to match.
            return node instanceof ObjectNode o ? o : JsonUtils.getJsonNodeFactory().objectNode();
        } catch (IOException e) {
            return JsonUtils.getJsonNodeFactory().objectNode();
        }
    }
}
