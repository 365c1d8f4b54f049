package io.dirsync.ingest.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A PATCH request (RFC 7644 §3.5.2) as Okta and Entra send it, rewritten into plain RFC operations before the
 * SDK applies them; the SDK keeps the PATCH semantics. The rewrites are Entra's dialects: ops in any case
 * ({@code "Replace"}), path-less values with dotted or schema-URN-prefixed keys ({@code "name.givenName"},
 * {@code "urn:…:enterprise:2.0:User:department"}, aadOptscim062020), paths prefixed by the core schema URN, and a
 * {@code replace} of {@code emails[type eq "work"].value} that means "set the work email" even when there is none
 * yet (RFC 7644 would answer noTarget; Entra counts on an upsert). An operation whose path names a readOnly
 * attribute of the User ({@code id}, {@code meta} and its sub-attributes, {@code groups}: RFC 7643 §3.1, §4.1.2) is
 * 400 {@code mutability} (RFC 7644 §3.5.2, Table 9); readOnly attributes inside a path-less value are ignored, as
 * in a PUT (RFC 7644 §3.5.1), because clients echo the resource's {@code id} there. Attribute names in paths,
 * value filters and values are spelt as the schema spells them ({@link AttributeNames}), and an {@code add} or
 * {@code replace} of {@code null} removes the attribute.
 */
final class PatchDialect {

    private static final String CORE_PREFIX = UserDocuments.USER_SCHEMA + ":";
    private static final String ENTERPRISE_PREFIX = UserDocuments.ENTERPRISE + ":";
    /** The core User's readOnly attributes (RFC 7643 §3.1 id and meta, §4.1.2 groups), lower case. */
    private static final Set<String> READ_ONLY = Set.of("id", "meta", "groups");

    private final List<PatchOperation> operations;

    private PatchDialect(List<PatchOperation> operations) {
        this.operations = operations;
    }

    /** Validates and normalises a PATCH body; any malformed operation is a 400 before anything is read. */
    static PatchDialect parse(ObjectNode body) throws BadRequestException {
        JsonNode list = UserDocuments.field(body, "Operations");
        if (!(list instanceof ArrayNode ops) || ops.isEmpty()) {
            throw BadRequestException.invalidSyntax("a PATCH request needs a non-empty Operations array");
        }
        List<PatchOperation> operations = new ArrayList<>();
        for (JsonNode op : ops) {
            if (!(op instanceof ObjectNode o)) {
                throw BadRequestException.invalidSyntax("every PATCH operation must be a JSON object");
            }
            for (ObjectNode normalised : normalise(o)) {
                operations.add(operation(normalised));
            }
        }
        return new PatchDialect(List.copyOf(operations));
    }

    /** Applies the operations in order to {@code document} (changed in place) and returns it. */
    ObjectNode applyTo(ObjectNode document) throws ScimException {
        for (PatchOperation operation : operations) {
            PatchOperation effective = upsert(operation, document);
            try {
                effective.apply(document);
            } catch (RuntimeException e) {
                // The SDK signals most misfits as ScimExceptions; anything else here is still the request's shape.
                throw BadRequestException.invalidValue("cannot apply " + operation + ": " + e.getMessage());
            }
        }
        return document;
    }

    /** One operation of the request as one or more RFC operations (a path-less value may fan out into several). */
    private static List<ObjectNode> normalise(ObjectNode op) throws BadRequestException {
        JsonNode name = UserDocuments.field(op, "op");
        if (name == null || !name.isTextual()) {
            throw BadRequestException.invalidSyntax("every PATCH operation needs an op (add, remove or replace)");
        }
        String type = name.asText().trim().toLowerCase(Locale.ROOT);
        if (!type.equals("add") && !type.equals("remove") && !type.equals("replace")) {
            throw BadRequestException.invalidSyntax("unknown PATCH op '" + name.asText() + "' (add, remove or replace)");
        }
        JsonNode path = UserDocuments.field(op, "path");
        JsonNode value = UserDocuments.field(op, "value");
        List<ObjectNode> out = new ArrayList<>();
        if (path != null && !path.isNull()) {
            if (!path.isTextual()) {
                throw BadRequestException.invalidPath("path must be a string");
            }
            out.add(pathOp(type, path.asText().trim(), value));
            return out;
        }
        if (type.equals("remove")) {
            // RFC 7644 §3.5.2.2: a remove names what it removes.
            throw BadRequestException.noTarget("a remove operation needs a path");
        }
        if (value instanceof ObjectNode values) {
            // aadOptscim062020: {"name.givenName": "…", "urn:…:User:department": "…"} in one path-less value.
            ObjectNode rest = ScimJson.object();
            List<ObjectNode> split = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : values.properties()) {
                if (isAttributePath(field.getKey())) {
                    split.add(pathOp(type, field.getKey(), field.getValue()));
                } else {
                    rest.set(field.getKey(), field.getValue());
                }
            }
            if (!rest.isEmpty() || split.isEmpty()) {
                out.add(op(type, null, AttributeNames.valueAt(null, rest)));
            }
            out.addAll(split);
            return out;
        }
        out.add(op(type, null, AttributeNames.valueAt(null, value)));
        return out;
    }

    /** One operation on a path; a manager path becomes an operation on the enterprise extension's manager. */
    private static ObjectNode pathOp(String type, String path, JsonNode value) throws BadRequestException {
        if (value != null && value.isNull() && !type.equals("remove")) {
            // RFC 7643 §2.5: null is the same state as unassigned, so setting an attribute to null removes it.
            return pathOp("remove", path, null);
        }
        String rest = startsWithIgnoreCase(path, ENTERPRISE_PREFIX) ? path.substring(ENTERPRISE_PREFIX.length()) : path;
        if (!rest.equalsIgnoreCase("manager") && !startsWithIgnoreCase(rest, "manager.")) {
            Path canonical = validPath(path);
            return op(type, canonical.toString(), AttributeNames.valueAt(canonical, value));
        }
        // Entra: {"op":"Add","path":"manager","value":[{"$ref":…,"value":…}]}, or the enterprise URN path with the
        // manager's id as a bare string. The core User has no manager; the enterprise extension's is a single
        // complex value, so a one-element array is that value and a bare string is its value sub-attribute.
        String subAttribute = rest.substring("manager".length());
        Path target = validPath(ENTERPRISE_PREFIX + "manager" + subAttribute);
        JsonNode manager = type.equals("remove") ? null : manager(value, subAttribute.isEmpty());
        return manager == null ? op("remove", target.toString(), null)
                : op(type, target.toString(), AttributeNames.valueAt(target, manager));
    }

    private static JsonNode manager(JsonNode value, boolean whole) throws BadRequestException {
        if (value instanceof ArrayNode list) {
            if (list.size() > 1) {
                throw BadRequestException.invalidValue("manager is single-valued; got " + list.size() + " values");
            }
            return list.isEmpty() ? null : list.get(0);
        }
        if (value != null && value.isTextual()) {
            if (value.asText().isEmpty()) {
                return null; // Entra clears a manager with an empty string
            }
            if (whole) {
                return ScimJson.object().put("value", value.asText());
            }
        }
        return value;
    }

    /** A key that names an attribute by path rather than being one: dotted, or prefixed by a known schema URN. */
    private static boolean isAttributePath(String key) {
        if (startsWithIgnoreCase(key, CORE_PREFIX) || startsWithIgnoreCase(key, ENTERPRISE_PREFIX)) {
            return true;
        }
        // Other URN keys are extension objects (their URN contains dots, "…:2.0:…"), left to the SDK.
        return !startsWithIgnoreCase(key, "urn:") && key.indexOf('.') > 0;
    }

    /**
     * The path in the schema's spelling ({@link AttributeNames}), checked by the SDK's parser and for unclosed brackets (a malformed one is
     * 400 invalidPath) and against the readOnly attributes (400 mutability).
     */
    private static Path validPath(String path) throws BadRequestException {
        String canonical = canonicalPath(path);
        String unbalanced = ScimLimits.unbalancedBracket(canonical);
        if (unbalanced != null) {
            throw BadRequestException.invalidPath("invalid path '" + path + "': " + unbalanced);
        }
        Path parsed = Path.fromString(canonical);
        if (parsed.getSchemaUrn() == null && parsed.size() > 0
                && READ_ONLY.contains(parsed.getElement(0).getAttribute().toLowerCase(Locale.ROOT))) {
            throw BadRequestException.mutability("'" + path + "' is readOnly: " + parsed.getElement(0).getAttribute()
                    + " is assigned by the server" + (parsed.getElement(0).getAttribute().equalsIgnoreCase("groups")
                    ? " (membership changes go through /Groups)" : ""));
        }
        return AttributeNames.path(parsed);
    }

    /**
     * The SDK nests a core-URN-prefixed path under a "urn:…:core:2.0:User" object, so the prefix is dropped
     * (RFC 7644 §3.10: the core schema's attributes may be named with or without it); the enterprise URN is
     * spelt as its schema spells it, so the extension object is never duplicated by case.
     */
    private static String canonicalPath(String path) {
        if (startsWithIgnoreCase(path, CORE_PREFIX)) {
            return path.substring(CORE_PREFIX.length());
        }
        if (startsWithIgnoreCase(path, ENTERPRISE_PREFIX)) {
            return ENTERPRISE_PREFIX + path.substring(ENTERPRISE_PREFIX.length());
        }
        return path;
    }

    /**
     * {@code replace} on {@code attr[sub eq "x"].subAttr} with no value matching becomes the SDK's {@code add} on
     * the same path, which appends {@code {"sub": "x", "subAttr": value}}: Entra's "set the work email". The other
     * way round, an {@code add} on such a path when a value matches replaces its {@code subAttr} (RFC 7644
     * §3.5.2.1: adding to a single-valued attribute replaces it), where the SDK would refuse; Entra sends
     * {@code Add} or {@code Replace} depending on what it believes is there.
     */
    private static PatchOperation upsert(PatchOperation operation, ObjectNode document) throws ScimException {
        Path path = operation.getPath();
        PatchOpType type = operation.getOpType();
        if (type == PatchOpType.REMOVE || path == null || path.size() != 2) {
            return operation;
        }
        Path.Element attribute = path.getElement(0);
        Filter filter = attribute.getValueFilter();
        if (filter == null || filter.getFilterType() != FilterType.EQUAL
                || path.getElement(1).getValueFilter() != null) {
            return operation;
        }
        Path selected = Path.root(path.getSchemaUrn()).attribute(attribute.getAttribute(), filter);
        boolean exists = JsonUtils.pathExists(selected, document);
        if (exists == (type == PatchOpType.REPLACE)) {
            return operation;
        }
        PatchOpType effective = exists ? PatchOpType.REPLACE : PatchOpType.ADD;
        try {
            return PatchOperation.create(effective, path, operation.getJsonNode());
        } catch (IllegalArgumentException e) {
            throw BadRequestException.invalidValue("cannot " + effective.name().toLowerCase(Locale.ROOT) + " " + path
                    + ": " + firstLine(e));
        }
    }

    private static ObjectNode op(String type, String path, JsonNode value) {
        ObjectNode op = ScimJson.object();
        op.put("op", type);
        if (path != null) {
            op.put("path", path);
        }
        if (value != null) {
            op.set("value", value);
        }
        return op;
    }

    private static PatchOperation operation(ObjectNode op) throws BadRequestException {
        try {
            return JsonUtils.getObjectReader().treeToValue(op, PatchOperation.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw BadRequestException.invalidSyntax("invalid PATCH operation " + ScimJson.write(op) + ": "
                    + firstLine(e));
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
