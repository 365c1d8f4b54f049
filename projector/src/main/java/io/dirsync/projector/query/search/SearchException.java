package io.dirsync.projector.query.search;

/**
 * A search the query layer refuses, with the SCIM error type the edge answers with (RFC 7644 §3.12):
 * {@code invalidFilter} for a filter that is malformed, unsupported or beyond the bounds, {@code invalidValue}
 * for a bad {@code sortBy} / {@code sortOrder}. Always a 400; nothing is read or changed.
 */
public final class SearchException extends RuntimeException {

    public static final String INVALID_FILTER = "invalidFilter";
    public static final String INVALID_VALUE = "invalidValue";

    private final String scimType;

    public SearchException(String scimType, String detail) {
        super(detail, null, false, false);
        this.scimType = scimType;
    }

    public static SearchException invalidFilter(String detail) {
        return new SearchException(INVALID_FILTER, detail);
    }

    public static SearchException invalidValue(String detail) {
        return new SearchException(INVALID_VALUE, detail);
    }

    public String scimType() {
        return scimType;
    }
}
