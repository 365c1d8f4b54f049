package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2) parsed by the SDK, bounded, and made ready to evaluate against a resource's
 * SCIM JSON: a bare complex multi-valued attribute in a comparison means its {@code value}
 * ({@code emails co "x"} is {@code emails.value co "x"}), and the relation kept in the membership stores
 * ({@code members} of a group, {@code groups} of a user) may only be tested by {@code value} equality, whose
 * values are collected so that only those memberships are looked up. Anything else about the relation, a
 * malformed filter, or one beyond {@link SearchLimits} is a {@link SearchException} (invalidFilter).
 */
public final class SearchFilter {

    private final Filter filter;
    private final ResourceKind kind;
    private final boolean usesRelation;
    private final Set<String> relationValues;

    private SearchFilter(Filter filter, ResourceKind kind, boolean usesRelation, Set<String> relationValues) {
        this.filter = filter;
        this.kind = kind;
        this.usesRelation = usesRelation;
        this.relationValues = relationValues;
    }

    public static SearchFilter parse(String text, ResourceKind kind, SearchLimits limits) {
        if (text == null || text.isBlank()) {
            throw SearchException.invalidFilter("the filter is empty");
        }
        if (text.length() > limits.maxFilterLength()) {
            throw SearchException.invalidFilter("the filter has " + text.length() + " characters; at most "
                    + limits.maxFilterLength() + " are accepted");
        }
        checkBrackets(text);
        Filter parsed;
        try {
            parsed = Filter.fromString(text);
        } catch (BadRequestException e) {
            throw SearchException.invalidFilter("malformed filter: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            // The parser signals some malformed input with unchecked exceptions; it is still the client's filter.
            throw SearchException.invalidFilter("malformed filter: " + firstLine(String.valueOf(e.getMessage())));
        }
        int nodes = nodes(parsed);
        if (nodes > limits.maxFilterNodes()) {
            throw SearchException.invalidFilter("the filter has " + nodes + " terms; at most "
                    + limits.maxFilterNodes() + " are accepted");
        }
        Filter rewritten = rewrite(parsed, kind);
        Relation relation = new Relation(kind);
        relation.check(rewritten);
        return new SearchFilter(rewritten, kind, relation.used, Set.copyOf(relation.values));
    }

    public Filter filter() {
        return filter;
    }

    /** Whether the filter tests the relation, so the view must carry the memberships in {@link #relationValues}. */
    public boolean usesRelation() {
        return usesRelation;
    }

    /** The ids the filter compares the relation's {@code value} with. */
    public Set<String> relationValues() {
        return relationValues;
    }

    /** Whether the resource's SCIM JSON matches, as the SDK evaluates it. */
    public boolean matches(JsonNode view) {
        try {
            return filter.visit(ScimEvaluator.INSTANCE, view);
        } catch (ScimException e) {
            throw SearchException.invalidFilter(firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw SearchException.invalidFilter("cannot evaluate " + filter + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * The first equality that an index can answer, among the filter itself or the terms of its top-level
     * {@code and}: attribute name (lower case) and value. Every candidate it yields is still evaluated in full.
     */
    public Optional<IndexKey> indexKey(Set<String> indexed) {
        for (Filter term : conjuncts(filter)) {
            Optional<IndexKey> key = indexKey(term, indexed);
            if (key.isPresent()) {
                return key;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the whole filter is one plain equality on an attribute in {@code exact}: an index that answers that
     * attribute exactly then answers the filter, with nothing left to evaluate.
     */
    public boolean isEqualityOn(Set<String> exact) {
        return filter.getFilterType() == FilterType.EQUAL && filter.getComparisonValue().isTextual()
                && isCore(filter.getAttributePath(), kind) && filter.getAttributePath().size() == 1
                && filter.getAttributePath().getElement(0).getValueFilter() == null
                && exact.contains(attribute(filter.getAttributePath(), 0));
    }

    private Optional<IndexKey> indexKey(Filter term, Set<String> indexed) {
        String relation = kind.relation().toLowerCase(Locale.ROOT);
        if (term.getFilterType() == FilterType.COMPLEX_VALUE && isCore(term.getAttributePath(), kind)
                && term.getAttributePath().size() == 1 && indexed.contains(relation)
                && attribute(term.getAttributePath(), 0).equals(relation)) {
            Filter inner = term.getValueFilter();
            if (inner.getFilterType() == FilterType.EQUAL && isValuePath(inner.getAttributePath())
                    && inner.getComparisonValue().isTextual()) {
                return Optional.of(new IndexKey(relation, inner.getComparisonValue().textValue()));
            }
            return Optional.empty();
        }
        if (term.getFilterType() != FilterType.EQUAL || !term.getComparisonValue().isTextual()
                || !isCore(term.getAttributePath(), kind)) {
            return Optional.empty();
        }
        Path path = term.getAttributePath();
        String first = attribute(path, 0);
        if (path.size() == 1 && indexed.contains(first)) {
            return Optional.of(new IndexKey(first, term.getComparisonValue().textValue()));
        }
        if (path.size() == 2 && first.equals(relation) && indexed.contains(relation) && isValue(path, 1)) {
            return Optional.of(new IndexKey(relation, term.getComparisonValue().textValue()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return filter.toString();
    }

    /** An equality an index answers: attribute name in lower case, and the compared value. */
    public record IndexKey(String attribute, String value) {
    }

    private static List<Filter> conjuncts(Filter filter) {
        if (filter.getFilterType() != FilterType.AND) {
            return List.of(filter);
        }
        List<Filter> terms = new ArrayList<>();
        for (Filter f : filter.getCombinedFilters()) {
            terms.addAll(conjuncts(f));
        }
        return terms;
    }

    private static int nodes(Filter f) {
        return switch (f.getFilterType()) {
            case AND, OR -> 1 + f.getCombinedFilters().stream().mapToInt(SearchFilter::nodes).sum();
            case NOT -> 1 + nodes(f.getInvertedFilter());
            case COMPLEX_VALUE -> 1 + nodes(f.getValueFilter());
            default -> 1;
        };
    }

    private static Filter rewrite(Filter f, ResourceKind kind) {
        switch (f.getFilterType()) {
            case AND:
                return Filter.and(f.getCombinedFilters().stream().map(c -> rewrite(c, kind)).toList());
            case OR:
                return Filter.or(f.getCombinedFilters().stream().map(c -> rewrite(c, kind)).toList());
            case NOT:
                return Filter.not(rewrite(f.getInvertedFilter(), kind));
            case COMPLEX_VALUE:
                return Filter.hasComplexValue(withoutCoreUrn(f.getAttributePath(), kind), f.getValueFilter());
            case PRESENT:
                return Filter.pr(withoutCoreUrn(f.getAttributePath(), kind));
            default:
                Path path = withoutCoreUrn(f.getAttributePath(), kind);
                if (path.size() == 1 && path.getElement(0).getValueFilter() == null
                        && kind.isMultiValuedComplex(path.getElement(0).getAttribute())) {
                    path = path.attribute("value");
                }
                return comparison(f.getFilterType(), path, f.getComparisonValue());
        }
    }

    /** Core attributes sit at the top of the document, not under their schema URN as extension attributes do. */
    private static Path withoutCoreUrn(Path path, ResourceKind kind) {
        if (path.getSchemaUrn() == null || !isCore(path, kind)) {
            return path;
        }
        Path plain = Path.root();
        for (Path.Element element : path) {
            plain = plain.attribute(element.getAttribute(), element.getValueFilter());
        }
        return plain;
    }

    private static Filter comparison(FilterType type, Path path, ValueNode value) {
        return switch (type) {
            case EQUAL -> Filter.eq(path, value);
            case NOT_EQUAL -> Filter.ne(path, value);
            case CONTAINS -> Filter.co(path, value);
            case STARTS_WITH -> Filter.sw(path, value);
            case ENDS_WITH -> Filter.ew(path, value);
            case GREATER_THAN -> Filter.gt(path, value);
            case GREATER_OR_EQUAL -> Filter.ge(path, value);
            case LESS_THAN -> Filter.lt(path, value);
            case LESS_OR_EQUAL -> Filter.le(path, value);
            default -> throw new IllegalArgumentException("not a comparison: " + type);
        };
    }

    /** No schema URN, or the resource's own core schema: the attribute names are the core's. */
    static boolean isCore(Path path, ResourceKind kind) {
        return path.getSchemaUrn() == null || path.getSchemaUrn().equalsIgnoreCase(kind.schema());
    }

    static String attribute(Path path, int index) {
        return path.getElement(index).getAttribute().toLowerCase(Locale.ROOT);
    }

    private static boolean isValue(Path path, int index) {
        return path.getElement(index).getAttribute().equalsIgnoreCase("value")
                && path.getElement(index).getValueFilter() == null;
    }

    private static boolean isValuePath(Path path) {
        return path.size() == 1 && path.getSchemaUrn() == null && isValue(path, 0);
    }

    /** The SDK's messages, without the JSON parser's source-location noise. */
    static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        for (String noise : new String[] {" (start marker at [Source", " at [Source", " [Source"}) {
            int at = line.indexOf(noise);
            if (at >= 0) {
                line = line.substring(0, at);
            }
        }
        return line;
    }

    /** The SDK's parser accepts an unclosed value path ({@code emails[type eq "work"}); we do not. */
    private static void checkBrackets(String text) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth < 0) {
                throw SearchException.invalidFilter("malformed filter: ']' at position " + i + " closes nothing");
            }
        }
        if (depth > 0) {
            throw SearchException.invalidFilter("malformed filter: a value path '[' is not closed");
        }
    }

    /** Checks and collects the uses of the relation (members / groups), which only value equality may test. */
    private static final class Relation {
        private final ResourceKind kind;
        private final String name;
        private final Set<String> values = new LinkedHashSet<>();
        private boolean used;

        Relation(ResourceKind kind) {
            this.kind = kind;
            this.name = kind.relation().toLowerCase(Locale.ROOT);
        }

        void check(Filter f) {
            switch (f.getFilterType()) {
                case AND, OR -> f.getCombinedFilters().forEach(this::check);
                case NOT -> check(f.getInvertedFilter());
                case COMPLEX_VALUE -> {
                    if (refers(f.getAttributePath())) {
                        if (f.getAttributePath().size() != 1) {
                            throw unsupported();
                        }
                        used = true;
                        inner(f.getValueFilter());
                    }
                }
                case PRESENT -> {
                    if (refers(f.getAttributePath())) {
                        if (f.getAttributePath().size() != 1 || f.getAttributePath().getElement(0).getValueFilter() != null) {
                            throw unsupported();
                        }
                        used = true;
                    }
                }
                default -> {
                    if (refers(f.getAttributePath())) {
                        Path path = f.getAttributePath();
                        if (path.size() != 2 || !isValue(path, 1) || path.getElement(0).getValueFilter() != null) {
                            throw unsupported();
                        }
                        comparison(f);
                    }
                }
            }
        }

        private void inner(Filter f) {
            switch (f.getFilterType()) {
                case AND, OR -> f.getCombinedFilters().forEach(this::inner);
                case NOT -> inner(f.getInvertedFilter());
                case EQUAL, NOT_EQUAL -> {
                    if (!isValuePath(f.getAttributePath())) {
                        throw unsupported();
                    }
                    comparison(f);
                }
                default -> throw unsupported();
            }
        }

        private void comparison(Filter f) {
            if (f.getFilterType() != FilterType.EQUAL && f.getFilterType() != FilterType.NOT_EQUAL) {
                throw unsupported();
            }
            JsonNode value = f.getComparisonValue();
            // No id is empty: "" stands for "a member not named in the filter" in the evaluated view.
            if (!value.isTextual() || value.textValue().isEmpty()) {
                throw SearchException.invalidFilter(kind.relation() + " values are compared with a non-empty id string");
            }
            used = true;
            values.add(value.textValue());
        }

        private boolean refers(Path path) {
            return path.size() >= 1 && isCore(path, kind) && attribute(path, 0).equals(name);
        }

        private SearchException unsupported() {
            return SearchException.invalidFilter(kind.relation() + " can be filtered by " + kind.relation()
                    + "[value eq \"…\"], " + kind.relation() + ".value eq / ne \"…\" and " + kind.relation()
                    + " pr only");
        }
    }
}
