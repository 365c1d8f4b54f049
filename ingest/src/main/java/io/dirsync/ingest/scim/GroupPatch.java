package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import io.dirsync.schemas.UpdateGroup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Group PATCH (RFC 7644 §3.5.2) turned into one membership delta, with no read of the group: the dialects
 * of Okta (path-less {@code replace {id, displayName}} with every change, {@code add members},
 * {@code remove members[value eq "…"]}, path-less {@code replace {members}}), Entra ({@code Remove} of
 * {@code members} with a value array — remove by value, not all), and RFC-strict clients. Operations apply in
 * order: an id added then removed in one request is not added. The operation count is bounded by
 * {@link ScimLimits} before this runs. A path naming a readOnly attribute ({@code id}, {@code meta}: RFC 7643
 * §3.1) is 400 {@code mutability} (RFC 7644 §3.5.2); inside a path-less value they are ignored, as in a PUT.
 */
final class GroupPatch {

    private static final String CORE_PREFIX = GroupDocuments.GROUP_SCHEMA.toLowerCase(Locale.ROOT) + ":";
    private static final Set<String> IGNORED = Set.of("id", "schemas", "meta");
    private static final Set<String> READ_ONLY = Set.of("id", "meta");

    private String displayName;
    private String externalId;
    private boolean removeAll;
    private final Set<String> remove = new LinkedHashSet<>();
    private final Set<String> add = new LinkedHashSet<>();

    private GroupPatch() {
    }

    /** Validates and folds the operations; anything malformed is a 400 before anything is written. */
    static GroupPatch parse(ObjectNode body) throws BadRequestException {
        JsonNode list = UserDocuments.field(body, "Operations");
        if (!(list instanceof ArrayNode ops) || ops.isEmpty()) {
            throw BadRequestException.invalidSyntax("a PATCH request needs a non-empty Operations array");
        }
        GroupPatch patch = new GroupPatch();
        for (JsonNode op : ops) {
            if (!(op instanceof ObjectNode o)) {
                throw BadRequestException.invalidSyntax("every PATCH operation must be a JSON object");
            }
            patch.apply(o);
        }
        return patch;
    }

    /** The delta as a change payload for {@code groupId}. */
    UpdateGroup toChange(String groupId) {
        return UpdateGroup.newBuilder()
                .setGroupId(groupId)
                .setDisplayName(displayName)
                .setExternalId(externalId)
                .setRemoveAllMembers(removeAll)
                .setRemoveMembers(new ArrayList<>(remove))
                .setAddMembers(new ArrayList<>(add))
                .build();
    }

    int memberOperations() {
        return remove.size() + add.size();
    }

    private void apply(ObjectNode op) throws BadRequestException {
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
        if (path == null || path.isNull()) {
            pathless(type, value);
            return;
        }
        if (!path.isTextual()) {
            throw BadRequestException.invalidPath("path must be a string");
        }
        String p = path.asText().trim();
        if (p.toLowerCase(Locale.ROOT).startsWith(CORE_PREFIX)) {
            p = p.substring(CORE_PREFIX.length());
        }
        String first = p.split("[.\\[]", 2)[0].trim();
        if (READ_ONLY.contains(first.toLowerCase(Locale.ROOT))) {
            throw BadRequestException.mutability("'" + path.asText() + "' is readOnly: " + first
                    + " is assigned by the server");
        }
        attribute(type, p, value);
    }

    /** A path-less add/replace carries attributes as a value object; a path-less remove has no target. */
    private void pathless(String type, JsonNode value) throws BadRequestException {
        if (type.equals("remove")) {
            throw new BadRequestException("a remove needs a path", BadRequestException.NO_TARGET);
        }
        if (!(value instanceof ObjectNode object)) {
            throw BadRequestException.invalidValue("a PATCH " + type + " without a path needs an object value");
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            attribute(type, field.getKey(), field.getValue());
        }
    }

    private void attribute(String type, String path, JsonNode value) throws BadRequestException {
        String attribute = path.toLowerCase(Locale.ROOT);
        if (IGNORED.contains(attribute)) {
            return; // Okta repeats the id with every change; server-owned attributes are never written.
        }
        switch (attribute) {
            case "members" -> members(type, value);
            case "displayname" -> {
                if (type.equals("remove") || value == null || !value.isTextual() || value.asText().isBlank()) {
                    throw BadRequestException.invalidValue("displayName is required and must be a non-empty string");
                }
                displayName = value.asText();
            }
            case "externalid" -> {
                // A null is the same state as unassigned (RFC 7643 §2.5), as it is for a user's attributes.
                if (type.equals("remove") || (value != null && value.isNull())) {
                    externalId = "";
                } else if (value == null || !value.isTextual()) {
                    throw BadRequestException.invalidValue("externalId must be a string");
                } else {
                    externalId = value.asText();
                }
            }
            default -> {
                if (attribute.startsWith("members[")) {
                    filteredMembers(type, path);
                } else {
                    throw BadRequestException.invalidPath("'" + path + "' is not a Group attribute this server stores"
                            + " (displayName, externalId, members)");
                }
            }
        }
    }

    private void members(String type, JsonNode value) throws BadRequestException {
        switch (type) {
            case "add" -> added(GroupDocuments.memberIds(value));
            case "replace" -> {
                removeAll();
                added(GroupDocuments.memberIds(value));
            }
            default -> {
                // Entra removes by value; RFC 7644 §3.5.2.2: without a value, every member goes.
                if (value == null || value.isNull() || (value.isArray() && value.isEmpty())) {
                    removeAll();
                } else {
                    removed(GroupDocuments.memberIds(value));
                }
            }
        }
    }

    /** {@code members[value eq "a"]}, also {@code members[value eq "a" or value eq "b"]}. */
    private void filteredMembers(String type, String path) throws BadRequestException {
        if (!type.equals("remove")) {
            throw BadRequestException.invalidPath("only remove is supported on a filtered members path: " + path);
        }
        String unbalanced = ScimLimits.unbalancedBracket(path);
        if (unbalanced != null) {
            throw BadRequestException.invalidPath("invalid path '" + path + "': " + unbalanced);
        }
        Filter filter;
        try {
            Path parsed = Path.fromString(path);
            if (parsed.size() != 1 || parsed.getElement(0).getValueFilter() == null) {
                throw BadRequestException.invalidPath("unsupported members path: " + path);
            }
            filter = parsed.getElement(0).getValueFilter();
        } catch (BadRequestException e) {
            throw BadRequestException.invalidPath("invalid path '" + path + "': " + e.getMessage());
        }
        List<String> ids = new ArrayList<>();
        collect(filter, ids, path);
        removed(ids);
    }

    private static void collect(Filter filter, List<String> ids, String path) throws BadRequestException {
        if (filter.getFilterType() == FilterType.OR) {
            for (Filter f : filter.getCombinedFilters()) {
                collect(f, ids, path);
            }
            return;
        }
        if (filter.getFilterType() == FilterType.EQUAL && filter.getAttributePath().size() == 1
                && filter.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
                && filter.getComparisonValue() != null && filter.getComparisonValue().isTextual()) {
            ids.add(filter.getComparisonValue().asText());
            return;
        }
        throw BadRequestException.invalidFilter("members can be selected by value eq \"…\" (or several with or): "
                + path);
    }

    private void removeAll() {
        removeAll = true;
        remove.clear();
        add.clear();
    }

    private void added(List<String> ids) {
        for (String id : ids) {
            remove.remove(id);
            add.add(id);
        }
    }

    private void removed(List<String> ids) {
        for (String id : ids) {
            add.remove(id);
            remove.add(id);
        }
    }
}
