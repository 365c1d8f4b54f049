package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code attributes} / {@code excludedAttributes} selection of RFC 7644 §3.4.2.5 and §3.9, applied to a
 * rendered resource. Names are in attribute notation (§3.10): case-insensitive, optionally a sub-attribute
 * ({@code name.givenName}) and optionally prefixed by their schema URN; naming an extension URN alone selects the
 * whole extension. {@code schemas}, {@code id} and {@code meta} are always returned, so a client can still
 * identify and version what it received.
 */
final class AttributeSelection {

    /** Everything, as without either parameter. */
    static final AttributeSelection ALL = new AttributeSelection(Mode.ALL, Map.of(), Set.of());

    /** Schema key of core attributes (the top level of the document). */
    private static final String CORE = "";
    private static final String WHOLE = "*";
    private static final Set<String> ALWAYS = Set.of("schemas", "id", "meta");
    private static final Set<String> EXTENSIONS = Set.of(UserDocuments.ENTERPRISE.toLowerCase(Locale.ROOT));

    private enum Mode { ALL, ONLY, EXCEPT }

    private final Mode mode;
    /** schema key → attribute (lower case) → sub-attributes (lower case), or {@link #WHOLE} for the whole attribute. */
    private final Map<String, Map<String, Set<String>>> named;
    /** schema keys named as a whole. */
    private final Set<String> wholeSchemas;

    private AttributeSelection(Mode mode, Map<String, Map<String, Set<String>>> named, Set<String> wholeSchemas) {
        this.mode = mode;
        this.named = named;
        this.wholeSchemas = wholeSchemas;
    }

    /** From the comma-separated query parameters of a GET. */
    static AttributeSelection fromQuery(@Nullable String attributes, @Nullable String excludedAttributes)
            throws BadRequestException {
        return of(split(attributes), split(excludedAttributes));
    }

    /** From lists of names (a SearchRequest's {@code attributes} / {@code excludedAttributes}). */
    static AttributeSelection of(@Nullable Collection<String> attributes, @Nullable Collection<String> excluded)
            throws BadRequestException {
        List<String> only = names(attributes);
        List<String> except = names(excluded);
        if (!only.isEmpty() && !except.isEmpty()) {
            throw BadRequestException.invalidValue("attributes and excludedAttributes are mutually exclusive");
        }
        if (only.isEmpty() && except.isEmpty()) {
            return ALL;
        }
        Map<String, Map<String, Set<String>>> named = new HashMap<>();
        Set<String> wholeSchemas = new HashSet<>();
        for (String name : only.isEmpty() ? except : only) {
            parse(name, named, wholeSchemas);
        }
        return new AttributeSelection(only.isEmpty() ? Mode.EXCEPT : Mode.ONLY, named, wholeSchemas);
    }

    /** A new document with the selection applied; {@code resource} is left as it was. */
    ObjectNode apply(ObjectNode resource) {
        if (mode == Mode.ALL) {
            return resource;
        }
        ObjectNode out = ScimJson.object();
        for (Map.Entry<String, JsonNode> field : resource.properties()) {
            String key = field.getKey().toLowerCase(Locale.ROOT);
            JsonNode kept = ALWAYS.contains(key) ? field.getValue()
                    : key.startsWith("urn:") ? extension(key, field.getValue())
                    : attribute(CORE, key, field.getValue());
            if (kept != null) {
                out.set(field.getKey(), kept);
            }
        }
        return out;
    }

    /** An extension object: selected whole, or attribute by attribute like the top level. */
    private JsonNode extension(String urn, JsonNode value) {
        if (wholeSchemas.contains(urn)) {
            return mode == Mode.ONLY ? value : null;
        }
        if (!named.containsKey(urn) || !(value instanceof ObjectNode object)) {
            return mode == Mode.ONLY ? null : value;
        }
        ObjectNode out = ScimJson.object();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode kept = attribute(urn, field.getKey().toLowerCase(Locale.ROOT), field.getValue());
            if (kept != null) {
                out.set(field.getKey(), kept);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private JsonNode attribute(String schema, String name, JsonNode value) {
        if (wholeSchemas.contains(schema)) {
            return mode == Mode.ONLY ? value : null;
        }
        Set<String> subs = named.getOrDefault(schema, Map.of()).get(name);
        if (subs == null) {
            return mode == Mode.ONLY ? null : value;
        }
        if (subs.contains(WHOLE)) {
            return mode == Mode.ONLY ? value : null;
        }
        return subAttributes(value, subs);
    }

    /**
     * Keeps (ONLY) or drops (EXCEPT) sub-attributes of a complex value or of every element of a multi-valued one;
     * what is left empty is left out, as an unassigned attribute is (RFC 7643 §2.5).
     */
    private JsonNode subAttributes(JsonNode value, Set<String> subs) {
        if (value instanceof ObjectNode object) {
            ObjectNode out = ScimJson.object();
            object.properties().forEach(f -> {
                if (subs.contains(f.getKey().toLowerCase(Locale.ROOT)) == (mode == Mode.ONLY)) {
                    out.set(f.getKey(), f.getValue());
                }
            });
            return out.isEmpty() ? null : out;
        }
        if (value instanceof ArrayNode array) {
            ArrayNode out = array.arrayNode();
            for (JsonNode element : array) {
                JsonNode kept = element.isObject() ? subAttributes(element, subs) : mode == Mode.ONLY ? null : element;
                if (kept != null) {
                    out.add(kept);
                }
            }
            return out.isEmpty() ? null : out;
        }
        // A simple attribute has no sub-attributes: nothing of it is named.
        return mode == Mode.ONLY ? null : value;
    }

    private static void parse(String name, Map<String, Map<String, Set<String>>> named, Set<String> wholeSchemas)
            throws BadRequestException {
        String lower = name.toLowerCase(Locale.ROOT);
        // The SDK reads a bare extension URN as "<urn prefix>:<attribute>", so schemas named whole are told apart here.
        if (EXTENSIONS.contains(lower)) {
            wholeSchemas.add(lower);
            return;
        }
        if (lower.equals(UserDocuments.USER_SCHEMA.toLowerCase(Locale.ROOT))) {
            wholeSchemas.add(CORE);
            return;
        }
        Path path = Path.fromString(name);
        if (path.size() == 0 || path.size() > 2) {
            throw BadRequestException.invalidPath("'" + name + "' is not an attribute or sub-attribute name");
        }
        for (Path.Element element : path) {
            if (element.getValueFilter() != null) {
                throw BadRequestException.invalidPath("'" + name + "': attribute selection takes names, not filters");
            }
        }
        String urn = path.getSchemaUrn();
        String schema = urn == null || urn.equalsIgnoreCase(UserDocuments.USER_SCHEMA) ? CORE
                : urn.toLowerCase(Locale.ROOT);
        Set<String> subs = named.computeIfAbsent(schema, s -> new HashMap<>())
                .computeIfAbsent(path.getElement(0).getAttribute().toLowerCase(Locale.ROOT), a -> new HashSet<>());
        if (path.size() == 1) {
            subs.clear();
            subs.add(WHOLE);
        } else if (!subs.contains(WHOLE)) {
            // Naming an attribute as well as one of its sub-attributes selects the whole attribute.
            subs.add(path.getElement(1).getAttribute().toLowerCase(Locale.ROOT));
        }
    }

    private static List<String> split(@Nullable String parameter) {
        return parameter == null ? List.of() : Arrays.asList(parameter.split(","));
    }

    private static List<String> names(@Nullable Collection<String> names) {
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (String name : names) {
                if (name != null && !name.isBlank()) {
                    out.add(name.trim());
                }
            }
        }
        return out;
    }
}
