package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Bounds on what one SCIM request may ask for ({@code dirsync.scim.*}), enforced before anything is read or
 * produced (RFC 7644 §3.5.2, §3.4.2.2): more PATCH operations than {@code maxOperations} is 400
 * {@code tooMany}; a filter longer than {@code maxFilterLength} characters or with more than
 * {@code maxFilterNodes} terms is 400 {@code invalidFilter}. The projector's query layer holds the same filter
 * bounds (same environment variables), so neither side can be asked for an unbounded scan.
 *
 * @param maxOperations   PATCH operations per request (Users and Groups)
 * @param maxFilterLength characters of a filter
 * @param maxFilterNodes  comparisons, and / or / not and value paths of a filter
 */
@ConfigurationProperties("dirsync.scim")
public record ScimLimits(
        @Bindable(defaultValue = "1000") int maxOperations,
        @Bindable(defaultValue = "4096") int maxFilterLength,
        @Bindable(defaultValue = "64") int maxFilterNodes) {

    public static final int DEFAULT_MAX_OPERATIONS = 1000;
    public static final ScimLimits DEFAULT = new ScimLimits(DEFAULT_MAX_OPERATIONS, 4096, 64);

    /** A PATCH body's {@code Operations} within {@link #maxOperations} (the shape itself is checked later). */
    public void checkOperations(ObjectNode patch) throws BadRequestException {
        JsonNode ops = UserDocuments.field(patch, "Operations");
        if (ops != null && ops.isArray() && ops.size() > maxOperations) {
            throw BadRequestException.tooMany("at most " + maxOperations + " operations per PATCH, got " + ops.size());
        }
    }

    /**
     * The filter as RFC 7644 text, checked as {@link #parseFilter} checks it: as sent when the SDK reads it, else in
     * the {@link FilterDialect} rewrite when that reads; when neither does, the error is the one of the text sent.
     */
    public String rfcFilter(String filter) throws BadRequestException {
        try {
            parseFilter(filter);
            return filter;
        } catch (BadRequestException strict) {
            String rewritten = FilterDialect.rewrite(filter);
            if (rewritten.equals(filter)) {
                throw strict;
            }
            try {
                parseFilter(rewritten);
                return rewritten;
            } catch (BadRequestException e) {
                throw strict;
            }
        }
    }

    /**
     * A filter parsed by the SDK within the bounds; malformed or too large is {@code invalidFilter}. The SDK's
     * parser accepts an unclosed value path ({@code emails[type eq "work"}), so brackets are checked here.
     */
    public Filter parseFilter(String filter) throws BadRequestException {
        if (filter.length() > maxFilterLength) {
            throw BadRequestException.invalidFilter("the filter has " + filter.length() + " characters; at most "
                    + maxFilterLength + " are accepted");
        }
        checkBrackets(filter);
        Filter parsed;
        try {
            parsed = Filter.fromString(filter);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidFilter("malformed filter: " + clean(e.getMessage()));
        } catch (RuntimeException e) {
            throw BadRequestException.invalidFilter("malformed filter: " + clean(e.getMessage()));
        }
        int nodes = nodes(parsed);
        if (nodes > maxFilterNodes) {
            throw BadRequestException.invalidFilter("the filter has " + nodes + " terms; at most " + maxFilterNodes
                    + " are accepted");
        }
        return parsed;
    }

    private static int nodes(Filter f) {
        return switch (f.getFilterType()) {
            case AND, OR -> 1 + f.getCombinedFilters().stream().mapToInt(ScimLimits::nodes).sum();
            case NOT -> 1 + nodes(f.getInvertedFilter());
            case COMPLEX_VALUE -> 1 + nodes(f.getValueFilter());
            default -> 1;
        };
    }

    private static void checkBrackets(String text) throws BadRequestException {
        String unbalanced = unbalancedBracket(text);
        if (unbalanced != null) {
            throw BadRequestException.invalidFilter("malformed filter: " + unbalanced);
        }
    }

    /**
     * What is wrong with the value-path brackets of a filter or PATCH path (outside quoted values), or null when
     * they balance: the SDK's parser accepts an unclosed {@code [} and would read {@code emails[type eq "work"} as
     * {@code emails[type eq "work"]}.
     */
    static String unbalancedBracket(String text) {
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
                return "']' at position " + i + " closes nothing";
            }
        }
        return depth > 0 ? "a value path '[' is not closed" : null;
    }

    /** The SDK's message without the JSON parser's source-location noise. */
    private static String clean(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        int noise = line.indexOf(" (start marker at [Source");
        if (noise < 0) {
            noise = line.indexOf(" at [Source");
        }
        return noise < 0 ? line : line.substring(0, noise);
    }
}
