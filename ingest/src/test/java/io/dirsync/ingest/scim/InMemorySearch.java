package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.ingest.projector.DirectoryReader;
import io.dirsync.ingest.projector.StoredUser;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The projector's search semantics for the test stand-in, with the same SDK evaluation over the SCIM JSON the
 * client sees: attribute names and strings without case except id / externalId, a bare complex multi-valued
 * attribute compared by its value, sortBy with missing values last ascending, ties by id.
 */
final class InMemorySearch {

    private static final Set<String> MULTI_VALUED = Set.of("emails", "phonenumbers", "ims", "photos", "entitlements",
            "roles", "x509certificates");
    private static final AttributeDefinition CASE_EXACT = new AttributeDefinition.Builder().setName("exact")
            .setType(AttributeDefinition.Type.STRING).setCaseExact(true).build();
    private static final FilterEvaluator EVALUATOR = new FilterEvaluator() {
        @Override
        protected AttributeDefinition getAttributeDefinition(Path path) {
            return exact(path) ? CASE_EXACT : null;
        }
    };

    private InMemorySearch() {
    }

    static DirectoryReader.Page users(List<StoredUser> all, String filter, String sortBy, String sortOrder,
                                      int startIndex, int count) throws BadRequestException {
        List<StoredUser> matches = select(all, u -> UserDocuments.render(u, ""), StoredUser::userId, filter, sortBy,
                sortOrder);
        return new DirectoryReader.Page(matches.size(), startIndex,
                matches.stream().skip(startIndex - 1L).limit(count).toList());
    }

    /** The resources matching {@code filter}, sorted, judged on their SCIM JSON as {@code render} makes it. */
    static <T> List<T> select(List<T> all, java.util.function.Function<T, ObjectNode> render,
                              java.util.function.Function<T, String> id, String filter, String sortBy, String sortOrder)
            throws BadRequestException {
        Filter parsed = filter == null ? null : rewrite(ScimLimits.DEFAULT.parseFilter(filter));
        boolean descending = order(sortOrder);
        Path sort = sortBy == null || sortBy.isBlank() ? null : path(sortBy);
        List<T> matches = new java.util.ArrayList<>();
        for (T resource : all) {
            if (parsed == null || matches(parsed, sdk(render.apply(resource)))) {
                matches.add(resource);
            }
        }
        if (sort != null) {
            Comparator<JsonNode> values = (a, b) -> JsonUtils.compareTo(a, b, exact(sort) ? CASE_EXACT : null);
            Comparator<JsonNode> keys = descending ? Comparator.nullsFirst(values.reversed()) : Comparator.nullsLast(values);
            matches.sort(Comparator.<T, JsonNode>comparing(r -> key(sort, sdk(render.apply(r))), keys)
                    .thenComparing(id));
        }
        return matches;
    }

    /** In the SDK's nodes (their field names match without case). */
    private static ObjectNode sdk(ObjectNode node) {
        try {
            return (ObjectNode) JsonUtils.getObjectReader().readTree(ScimJson.write(node));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean matches(Filter filter, ObjectNode view) throws BadRequestException {
        try {
            return filter.visit(EVALUATOR, view);
        } catch (ScimException e) {
            throw BadRequestException.invalidFilter(e.getMessage());
        }
    }

    private static Filter rewrite(Filter f) {
        return switch (f.getFilterType()) {
            case AND -> Filter.and(f.getCombinedFilters().stream().map(InMemorySearch::rewrite).toList());
            case OR -> Filter.or(f.getCombinedFilters().stream().map(InMemorySearch::rewrite).toList());
            case NOT -> Filter.not(rewrite(f.getInvertedFilter()));
            case COMPLEX_VALUE, PRESENT -> f;
            default -> {
                Path p = f.getAttributePath();
                if (p.size() != 1 || !MULTI_VALUED.contains(p.getElement(0).getAttribute().toLowerCase(Locale.ROOT))) {
                    yield f;
                }
                Path value = p.attribute("value");
                yield switch (f.getFilterType()) {
                    case EQUAL -> Filter.eq(value, f.getComparisonValue());
                    case NOT_EQUAL -> Filter.ne(value, f.getComparisonValue());
                    case CONTAINS -> Filter.co(value, f.getComparisonValue());
                    case STARTS_WITH -> Filter.sw(value, f.getComparisonValue());
                    case ENDS_WITH -> Filter.ew(value, f.getComparisonValue());
                    case GREATER_THAN -> Filter.gt(value, f.getComparisonValue());
                    case GREATER_OR_EQUAL -> Filter.ge(value, f.getComparisonValue());
                    case LESS_THAN -> Filter.lt(value, f.getComparisonValue());
                    default -> Filter.le(value, f.getComparisonValue());
                };
            }
        };
    }

    private static JsonNode key(Path sort, ObjectNode view) {
        JsonNode node = view;
        for (Path.Element element : sort) {
            node = UserDocuments.field(node, element.getAttribute());
            if (node != null && node.isArray()) {
                JsonNode first = node.isEmpty() ? null : node.get(0);
                for (JsonNode item : node) {
                    if (UserDocuments.field(item, "primary") != null && UserDocuments.field(item, "primary").asBoolean()) {
                        first = item;
                    }
                }
                node = first;
            }
            if (node == null) {
                return null;
            }
        }
        if (node.isObject()) {
            node = UserDocuments.field(node, "value");
        }
        return node == null || node.isNull() || node.isContainerNode() ? null : node;
    }

    private static boolean exact(Path path) {
        return path.size() == 1 && Set.of("id", "externalid").contains(path.getElement(0).getAttribute().toLowerCase(Locale.ROOT));
    }

    private static boolean order(String sortOrder) throws BadRequestException {
        if (sortOrder == null || sortOrder.isBlank() || sortOrder.equalsIgnoreCase("ascending")) {
            return false;
        }
        if (sortOrder.equalsIgnoreCase("descending")) {
            return true;
        }
        throw BadRequestException.invalidValue("sortOrder must be ascending or descending");
    }

    private static Path path(String sortBy) throws BadRequestException {
        try {
            return Path.fromString(sortBy);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidValue("sortBy is not an attribute path: " + e.getMessage());
        }
    }
}
