package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.dirsync.ingest.projector.StoredUser;
import io.dirsync.schemas.UserAttributes;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SCIM User documents ↔ the canonical change model, in one place for the edge (RFC 7643 §4.1, §4.3).
 * The stored document is what the IdP sent, minus secrets and server-owned attributes; canonical
 * attributes are derived from it here, so the projector never parses SCIM.
 */
final class UserDocuments {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** Never stored: a secret (password) or owned by the server (RFC 7643 §3.1, §4.1.1 "groups" is read-only). */
    private static final Set<String> NOT_STORED = Set.of("password", "id", "meta", "groups");

    private UserDocuments() {
    }

    /** The document to store: a copy without secrets and read-only attributes, its names spelt by the schema. */
    static ObjectNode sanitize(ObjectNode document) throws BadRequestException {
        return AttributeNames.document(without(document, NOT_STORED), AttributeNames.USER);
    }

    /** A copy of {@code document} without the top-level attributes named (lower case; names match without case). */
    static ObjectNode without(ObjectNode document, Set<String> lowerCaseNames) {
        ObjectNode copy = document.deepCopy();
        Iterator<String> names = copy.fieldNames();
        while (names.hasNext()) {
            if (lowerCaseNames.contains(names.next().toLowerCase(Locale.ROOT))) {
                names.remove();
            }
        }
        return copy;
    }

    /**
     * Canonical attributes of a (sanitized) document; userName is required (RFC 7643 §4.1.1). The attributes read
     * here are of type string (RFC 7643 §2.3.1, §4.1.1, §4.3): a number, boolean, object or array in their place is
     * 400 invalidValue, never its text ({@code "userName": 42} is not the user "42").
     */
    static UserAttributes canonical(ObjectNode doc) throws BadRequestException {
        String userName = string(doc, "userName");
        if (userName == null || userName.isBlank()) {
            throw BadRequestException.invalidValue("userName is required and must be a non-empty string");
        }
        JsonNode enterprise = field(doc, ENTERPRISE);
        JsonNode manager = enterprise == null ? null : field(enterprise, "manager");
        JsonNode name = field(doc, "name");
        return UserAttributes.newBuilder()
                .setUserName(userName)
                .setExternalId(string(doc, "externalId"))
                .setActive(active(doc))
                .setDisplayName(string(doc, "displayName"))
                .setGivenName(name == null ? null : string(name, "givenName"))
                .setFamilyName(name == null ? null : string(name, "familyName"))
                .setEmail(primaryEmail(field(doc, "emails")))
                .setDepartment(enterprise == null ? null : string(enterprise, "department"))
                .setTitle(string(doc, "title"))
                .setManagerId(manager == null ? null : string(manager, "value"))
                .build();
    }

    /** The SCIM representation of a stored user (RFC 7643 §3.1: id, meta are the server's). */
    static ObjectNode render(StoredUser user, String baseUrl) {
        ObjectNode out = ScimJson.object();
        // Stored before names were respelt at the edge, a document may still spell them as its client did.
        ObjectNode doc = user.document() == null ? ScimJson.object()
                : AttributeNames.stored(ScimJson.parseObject(user.document()), AttributeNames.USER);
        if (!doc.has("schemas")) {
            out.putArray("schemas").add(USER_SCHEMA);
        }
        out.put("id", user.userId());
        for (Map.Entry<String, JsonNode> field : doc.properties()) {
            if (!field.getKey().equalsIgnoreCase("active")) {
                out.set(field.getKey(), field.getValue());
            }
        }
        out.put("active", user.active());
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", user.createdAt().toString());
        meta.put("lastModified", user.lastModified().toString());
        meta.put("location", baseUrl + "/Users/" + user.userId());
        meta.put("version", etag(user));
        return out;
    }

    static String etag(StoredUser user) {
        return "W/\"" + user.version() + "\"";
    }

    /** {@code active} as a real boolean or as Entra's "True"/"False" strings; absent means active. */
    private static boolean active(ObjectNode doc) throws BadRequestException {
        JsonNode value = field(doc, "active");
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.asText().toLowerCase(Locale.ROOT));
        }
        throw BadRequestException.invalidValue("active must be a boolean");
    }

    private static String primaryEmail(JsonNode emails) throws BadRequestException {
        if (!(emails instanceof ArrayNode list) || list.isEmpty()) {
            return null;
        }
        JsonNode chosen = null;
        for (JsonNode email : list) {
            JsonNode primary = field(email, "primary");
            if (primary != null && (primary.asBoolean() || "true".equalsIgnoreCase(primary.asText()))) {
                chosen = email;
                break;
            }
            JsonNode type = field(email, "type");
            if (chosen == null && type != null && "work".equalsIgnoreCase(type.asText())) {
                chosen = email;
            }
        }
        return string(chosen == null ? list.get(0) : chosen, "value");
    }

    /** Attribute names are case-insensitive in SCIM (RFC 7643 §2.1). */
    static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A string attribute: its value, null when absent or null, 400 invalidValue when of another JSON type. */
    private static String string(JsonNode node, String name) throws BadRequestException {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw BadRequestException.invalidValue(name + " must be a string");
        }
        return value.asText();
    }
}
