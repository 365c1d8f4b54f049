package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.SchemaUtils;
import java.beans.IntrospectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema's spelling of attribute names. RFC 7643 §2.1 makes them case-insensitive and test tools send
 * {@code "UserName"}, {@code "Emails":[{"Primary":…}]} or {@code Manager.Value}, but the SDK's PATCH resolves
 * names exactly, and a client reads back the names it looks for. So every User and Group document, PATCH path
 * and PATCH value is spelt as its schema spells it before it is applied or stored; attributes of no known schema
 * (custom extensions) keep the spelling they were sent with. A boolean attribute sent as Entra's {@code "True"} or
 * {@code "False"} is stored as the boolean, so that {@code emails[primary eq true]} finds it.
 */
final class AttributeNames {

    /** The names of one level of a schema: lower case → the attribute. */
    record Level(Map<String, Attribute> byLowerCase) {
        static final Level NONE = new Level(Map.of());

        Attribute get(String name) {
            return byLowerCase.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An attribute's spelling, whether it is a boolean, and the level of its sub-attributes. */
    record Attribute(String name, boolean bool, Level subAttributes) {
    }

    static final Level USER = level(List.of(
            schema(UserResource.class),
            common(),
            List.of(new Attribute(UserDocuments.ENTERPRISE, false,
                    level(List.of(schema(EnterpriseUserExtension.class)))))));
    static final Level GROUP = level(List.of(schema(GroupResource.class), common()));
    private static final Level ENTERPRISE = USER.get(UserDocuments.ENTERPRISE).subAttributes();

    private AttributeNames() {
    }

    /**
     * {@code document} with every known attribute name spelt as its schema spells it, at every level. A name sent
     * twice in two spellings is 400: which of the two values was meant cannot be told.
     */
    static ObjectNode document(ObjectNode document, Level level) throws BadRequestException {
        return rename(document, level, true);
    }

    /** As {@link #document}, for a stored document: of a name stored in two spellings, the schema's wins. */
    static ObjectNode stored(ObjectNode document, Level level) {
        try {
            return rename(document, level, false);
        } catch (BadRequestException e) {
            throw new IllegalStateException("a lenient rename never refuses", e);
        }
    }

    /** A PATCH path of the User with its attribute names, and those of its value filters, spelt by the schema. */
    static Path path(Path path) {
        String urn = path.getSchemaUrn();
        if (urn == null) {
            return relative(path, USER);
        }
        if (!urn.equalsIgnoreCase(UserDocuments.ENTERPRISE)) {
            return path; // a custom extension's names are its own
        }
        return Path.root(UserDocuments.ENTERPRISE).attribute(relative(path, ENTERPRISE));
    }

    /** A PATCH value for the User attribute at {@code path} (null: the resource), spelt by the schema. */
    static JsonNode valueAt(Path path, JsonNode value) throws BadRequestException {
        if (value == null) {
            return null;
        }
        if (path == null) {
            return nested(value, USER, true);
        }
        Level level = levelOf(path.getSchemaUrn());
        Attribute attribute = null;
        for (Path.Element element : path) {
            attribute = level.get(element.getAttribute());
            level = attribute == null ? Level.NONE : attribute.subAttributes();
        }
        return attribute != null && attribute.bool() ? bool(value) : nested(value, level, true);
    }

    private static Level levelOf(String schemaUrn) {
        if (schemaUrn == null) {
            return USER;
        }
        return schemaUrn.equalsIgnoreCase(UserDocuments.ENTERPRISE) ? ENTERPRISE : Level.NONE;
    }

    private static ObjectNode rename(ObjectNode node, Level level, boolean strict) throws BadRequestException {
        if (level.byLowerCase().isEmpty()) {
            return node;
        }
        ObjectNode out = node.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            Attribute attribute = level.get(field.getKey());
            String name = attribute == null ? field.getKey() : attribute.name();
            JsonNode value = field.getValue();
            if (attribute != null && !attribute.subAttributes().byLowerCase().isEmpty()) {
                value = nested(value, attribute.subAttributes(), strict);
            } else if (attribute != null && attribute.bool()) {
                value = bool(value);
            }
            if (out.has(name)) {
                if (strict) {
                    throw BadRequestException.invalidSyntax("attribute '" + name
                            + "' is given twice, in two spellings (attribute names are case-insensitive)");
                }
                if (!field.getKey().equals(name)) {
                    continue; // the schema's spelling, already in, wins
                }
            }
            out.set(name, value);
        }
        return out;
    }

    /** Entra's {@code "True"} / {@code "False"} as the boolean; anything else as it is. */
    private static JsonNode bool(JsonNode value) {
        String text = value.isTextual() ? value.asText() : "";
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return BooleanNode.valueOf(text.equalsIgnoreCase("true"));
        }
        return value;
    }

    private static JsonNode nested(JsonNode value, Level level, boolean strict) throws BadRequestException {
        if (value instanceof ObjectNode object) {
            return rename(object, level, strict);
        }
        if (value instanceof ArrayNode array) {
            ArrayNode out = array.arrayNode();
            for (JsonNode element : array) {
                out.add(element instanceof ObjectNode o ? rename(o, level, strict) : element);
            }
            return out;
        }
        return value;
    }

    /** A value filter with its attribute paths spelt by the level it is evaluated in. */
    private static Filter filter(Filter f, Level level) {
        switch (f.getFilterType()) {
            case AND, OR -> {
                List<Filter> parts = new ArrayList<>();
                for (Filter part : f.getCombinedFilters()) {
                    parts.add(filter(part, level));
                }
                return f.getFilterType() == FilterType.AND ? Filter.and(parts) : Filter.or(parts);
            }
            case NOT -> {
                return Filter.not(filter(f.getInvertedFilter(), level));
            }
            case COMPLEX_VALUE -> {
                return Filter.complex(relative(f.getAttributePath(), level),
                        filter(f.getValueFilter(), levelAt(f.getAttributePath(), level)));
            }
            case PRESENT -> {
                return Filter.pr(relative(f.getAttributePath(), level));
            }
            default -> {
                Path path = relative(f.getAttributePath(), level);
                ValueNode value = f.getComparisonValue();
                return switch (f.getFilterType()) {
                    case EQUAL -> Filter.eq(path, value);
                    case NOT_EQUAL -> Filter.ne(path, value);
                    case CONTAINS -> Filter.co(path, value);
                    case STARTS_WITH -> Filter.sw(path, value);
                    case ENDS_WITH -> Filter.ew(path, value);
                    case GREATER_THAN -> Filter.gt(path, value);
                    case GREATER_OR_EQUAL -> Filter.ge(path, value);
                    case LESS_THAN -> Filter.lt(path, value);
                    case LESS_OR_EQUAL -> Filter.le(path, value);
                    default -> throw new IllegalStateException("every filter type is handled: " + f.getFilterType());
                };
            }
        }
    }

    /** A path relative to {@code level} (a value filter's), spelt by it. */
    private static Path relative(Path path, Level level) {
        Path out = Path.root();
        for (Path.Element element : path) {
            Attribute attribute = level.get(element.getAttribute());
            Level sub = attribute == null ? Level.NONE : attribute.subAttributes();
            out = out.attribute(attribute == null ? element.getAttribute() : attribute.name(),
                    element.getValueFilter() == null ? null : filter(element.getValueFilter(), sub));
            level = sub;
        }
        return out;
    }

    /** The level of the sub-attributes of what {@code path} names, relative to {@code level}. */
    private static Level levelAt(Path path, Level level) {
        for (Path.Element element : path) {
            Attribute attribute = level.get(element.getAttribute());
            level = attribute == null ? Level.NONE : attribute.subAttributes();
        }
        return level;
    }

    /** What every resource has (RFC 7643 §3.1), which the SDK's schema classes leave out. */
    private static List<Attribute> common() {
        Level meta = level(List.of(List.of(plain("resourceType"), plain("created"), plain("lastModified"),
                plain("location"), plain("version"))));
        return List.of(plain("schemas"), plain("id"), plain("externalId"), new Attribute("meta", false, meta));
    }

    private static Attribute plain(String name) {
        return new Attribute(name, false, Level.NONE);
    }

    private static List<Attribute> schema(Class<?> type) {
        try {
            return fromDefinitions(SchemaUtils.getSchema(type).getAttributes()).byLowerCase().values().stream()
                    .toList();
        } catch (IntrospectionException e) {
            throw new IllegalStateException("the SDK's own schema classes always introspect", e);
        }
    }

    private static Level fromDefinitions(Collection<AttributeDefinition> definitions) {
        Map<String, Attribute> out = new HashMap<>();
        for (AttributeDefinition d : definitions) {
            Collection<AttributeDefinition> subs = d.getSubAttributes();
            out.put(d.getName().toLowerCase(Locale.ROOT),
                    new Attribute(d.getName(), d.getType() == AttributeDefinition.Type.BOOLEAN,
                            subs == null ? Level.NONE : fromDefinitions(subs)));
        }
        return new Level(Map.copyOf(out));
    }

    private static Level level(List<List<Attribute>> groups) {
        Map<String, Attribute> out = new HashMap<>();
        for (List<Attribute> group : groups) {
            for (Attribute a : group) {
                out.put(a.name().toLowerCase(Locale.ROOT), a);
            }
        }
        return new Level(Map.copyOf(out));
    }
}
