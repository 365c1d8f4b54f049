package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sortBy} / {@code sortOrder} (RFC 7644 §3.4.2.3): any attribute path; a multi-valued attribute sorts
 * by its primary value (else its first), a complex one by its {@code value}; strings compare without case
 * except {@code id} / {@code externalId}; a resource without the attribute sorts last ascending and first
 * descending; ties (and everything, without sortBy) are ordered by id, so pages are stable.
 */
public final class SortSpec {

    private final Path path;
    private final boolean descending;
    private final AttributeDefinition definition;
    /** The path's schema URN names an extension, whose attributes sit under that URN in the document. */
    private final boolean extension;

    private SortSpec(Path path, boolean descending, boolean extension) {
        this.path = path;
        this.descending = descending;
        this.extension = extension;
        this.definition = ScimEvaluator.definition(path);
    }

    /** Null when there is no sortBy; a sortOrder alone is validated and otherwise ignored. */
    public static SortSpec parse(String sortBy, String sortOrder, ResourceKind kind) {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            String order = sortOrder.trim().toLowerCase(Locale.ROOT);
            if (!order.equals("ascending") && !order.equals("descending")) {
                throw SearchException.invalidValue("sortOrder must be ascending or descending");
            }
            descending = order.equals("descending");
        }
        if (sortBy == null || sortBy.isBlank()) {
            return null;
        }
        Path path;
        try {
            path = Path.fromString(sortBy.trim());
        } catch (BadRequestException | RuntimeException e) {
            throw SearchException.invalidValue("sortBy is not an attribute path: "
                    + SearchFilter.firstLine(e.getMessage()));
        }
        if (path.isRoot()) {
            throw SearchException.invalidValue("sortBy names no attribute");
        }
        if (SearchFilter.isCore(path, kind)
                && SearchFilter.attribute(path, 0).equals(kind.relation().toLowerCase(Locale.ROOT))) {
            throw SearchException.invalidValue("cannot sort by " + kind.relation());
        }
        return new SortSpec(path, descending, !SearchFilter.isCore(path, kind));
    }

    /** The value a resource sorts by, or null when it has none. */
    public JsonNode key(JsonNode view) {
        JsonNode node = extension ? field(view, path.getSchemaUrn()) : view;
        for (Path.Element element : path) {
            node = field(node, element.getAttribute());
            if (node != null && node.isArray()) {
                node = pick(node, element);
            }
            if (node == null) {
                return null;
            }
        }
        if (node.isObject()) {
            node = field(node, "value");
        }
        return node == null || node.isNull() || node.isContainerNode() ? null : node;
    }

    /** Sort keys first (absent ones last ascending), then id. */
    public <T> Comparator<Keyed<T>> comparator() {
        Comparator<JsonNode> values = this::compareValues;
        Comparator<JsonNode> ordered = descending ? values.reversed() : values;
        Comparator<JsonNode> withNulls = descending ? Comparator.nullsFirst(ordered) : Comparator.nullsLast(ordered);
        return Comparator.<Keyed<T>, JsonNode>comparing(Keyed::key, withNulls).thenComparing(Keyed::id);
    }

    private int compareValues(JsonNode a, JsonNode b) {
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0) {
            return rank;
        }
        try {
            return JsonUtils.compareTo(a, b, definition);
        } catch (RuntimeException e) {
            // Values the SDK cannot order (mixed shapes): fall back to their text so the order stays total.
            return a.asText().compareTo(b.asText());
        }
    }

    /** Different JSON types never interleave: numbers, then booleans, then strings. */
    private static int rank(JsonNode node) {
        if (node.isNumber()) {
            return 0;
        }
        if (node.isBoolean()) {
            return 1;
        }
        return 2;
    }

    private static JsonNode pick(JsonNode array, Path.Element element) {
        JsonNode first = null;
        for (JsonNode item : array) {
            if (element.getValueFilter() != null && !matches(element, item)) {
                continue;
            }
            if (first == null) {
                first = item;
            }
            JsonNode primary = field(item, "primary");
            if (primary != null && (primary.asBoolean(false) || "true".equalsIgnoreCase(primary.asText()))) {
                return item;
            }
        }
        return first;
    }

    private static boolean matches(Path.Element element, JsonNode item) {
        try {
            return element.getValueFilter().visit(ScimEvaluator.INSTANCE, item);
        } catch (ScimException e) {
            return false;
        }
    }

    /** Attribute names are case-insensitive (RFC 7643 §2.1). */
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

    /** A resource with its sort key and id. */
    public record Keyed<T>(JsonNode key, String id, T resource) {
    }
}
