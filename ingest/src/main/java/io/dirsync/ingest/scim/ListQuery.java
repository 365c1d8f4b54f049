package io.dirsync.ingest.scim;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.micronaut.core.annotation.Nullable;
import java.util.Optional;

/**
 * A list or search request's filter (checked against the bounds, in RFC syntax), order and page, as /Users,
 * /Groups and the service root all read them: blank means absent, startIndex below 1 is 1, a negative count 0,
 * and a count above {@link UsersController#MAX_COUNT} that (RFC 7644 §3.4.2.4).
 */
record ListQuery(@Nullable String filter, @Nullable String sortBy, @Nullable String sortOrder, int start, int size) {

    static ListQuery of(ScimLimits limits, @Nullable String filter, @Nullable String sortBy, @Nullable String sortOrder,
                        Optional<Integer> startIndex, Optional<Integer> count) throws BadRequestException {
        String checked = blankToNull(filter);
        if (checked != null) {
            checked = limits.rfcFilter(checked);
        }
        return new ListQuery(checked, blankToNull(sortBy), blankToNull(sortOrder), Math.max(1, startIndex.orElse(1)),
                Math.min(UsersController.MAX_COUNT, Math.max(0, count.orElse(UsersController.DEFAULT_COUNT))));
    }

    /** A query parameter that must be an integer when present. */
    static Optional<Integer> integer(@Nullable String value, String name) throws BadRequestException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidValue(name + " must be an integer");
        }
    }

    /** Whether the request lists everything in id order: neither a filter nor an order. */
    boolean plain() {
        return filter == null && sortBy == null && sortOrder == null;
    }

    /** Whether the request asks for an order. */
    boolean sorted() {
        return sortBy != null || sortOrder != null;
    }

    private static String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
