package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.dirsync.ingest.projector.StoredGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SCIM Group documents ↔ the canonical change model (RFC 7643 §4.2). Members are never part of the stored
 * document — they are one membership each in the projector — and are rendered from the current users, so a
 * renamed user's {@code display} is always current.
 */
final class GroupDocuments {

    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** Never stored with the group: owned by the server, or kept per member. */
    private static final Set<String> NOT_STORED = Set.of("id", "meta", "members");

    private GroupDocuments() {
    }

    /** The document to store: a copy without members and server-owned attributes. */
    static ObjectNode sanitize(ObjectNode document) throws BadRequestException {
        return AttributeNames.document(UserDocuments.without(document, NOT_STORED), AttributeNames.GROUP);
    }

    /** displayName is required (RFC 7643 §4.2). */
    static String displayName(ObjectNode doc) throws BadRequestException {
        JsonNode value = UserDocuments.field(doc, "displayName");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw BadRequestException.invalidValue("displayName is required and must be a non-empty string");
        }
        return value.asText();
    }

    static String externalId(ObjectNode doc) throws BadRequestException {
        JsonNode value = UserDocuments.field(doc, "externalId");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw BadRequestException.invalidValue("externalId must be a string");
        }
        return value.asText();
    }

    /**
     * Member ids from a {@code members} value: an array of {@code {value}} objects (a single object is accepted
     * too, as some clients send one). A member without a string {@code value} is a 400, never skipped.
     */
    static List<String> memberIds(JsonNode members) throws BadRequestException {
        List<String> ids = new ArrayList<>();
        if (members == null || members.isNull()) {
            return ids;
        }
        Iterable<JsonNode> items = members.isArray() ? members : List.of(members);
        for (JsonNode member : items) {
            JsonNode value = member.isTextual() ? member : UserDocuments.field(member, "value");
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw BadRequestException.invalidValue("every member needs a \"value\" with the user's id");
            }
            ids.add(value.asText());
        }
        return ids;
    }

    /** The SCIM representation; {@code members} null means they were not loaded (excluded by the request). */
    static ObjectNode render(StoredGroup group, List<StoredGroup.Member> members, String baseUrl) {
        ObjectNode out = ScimJson.object();
        ObjectNode doc = group.document() == null ? ScimJson.object()
                : AttributeNames.stored(ScimJson.parseObject(group.document()), AttributeNames.GROUP);
        if (!doc.has("schemas")) {
            out.putArray("schemas").add(GROUP_SCHEMA);
        }
        out.put("id", group.groupId());
        for (Map.Entry<String, JsonNode> field : doc.properties()) {
            out.set(field.getKey(), field.getValue());
        }
        out.put("displayName", group.displayName());
        if (group.externalId() != null && !group.externalId().isEmpty()) {
            out.put("externalId", group.externalId());
        } else {
            out.remove("externalId"); // cleared by a remove (stored as ""), whatever the create's document said
        }
        if (members != null) {
            ArrayNode list = out.putArray("members");
            for (StoredGroup.Member m : members) {
                ObjectNode item = list.addObject();
                item.put("value", m.userId());
                item.put("$ref", baseUrl + "/Users/" + m.userId());
                item.put("type", "User");
                String display = m.displayName() != null ? m.displayName() : m.userName();
                if (display != null) {
                    item.put("display", display);
                }
            }
        }
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", group.createdAt().toString());
        meta.put("lastModified", group.lastModified().toString());
        meta.put("location", baseUrl + "/Groups/" + group.groupId());
        meta.put("version", etag(group));
        return out;
    }

    static String etag(StoredGroup group) {
        return "W/\"" + group.version() + "\"";
    }
}
