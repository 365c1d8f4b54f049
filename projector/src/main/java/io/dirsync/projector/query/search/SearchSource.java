package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One directory's resources of one type as {@link Searcher} reads them: point lookups through the indexes,
 * a scan in id order, the SCIM view of each, and the memberships a filter asks about. Only visible
 * resources are ever yielded (a deleted user is invisible).
 *
 * @param <T> the stored record type
 */
public interface SearchSource<T> {

    ResourceKind kind();

    /** Attributes (lower case) {@link #lookup} answers from an index, the relation included if it does. */
    Set<String> indexed();

    /**
     * Indexed attributes (lower case) whose {@link #lookup} yields exactly the resources an equality filter on them
     * matches, as the SDK would judge it on their views, so such a filter needs no evaluation.
     */
    Set<String> exact();

    /** The visible resources whose {@code attribute} equals {@code value}, per the index; empty if none. */
    List<T> lookup(String attribute, String value);

    /** Every visible resource of the directory, in id order. */
    void scan(Consumer<T> each);

    String id(T resource);

    ObjectNode view(T resource);

    /**
     * The relation's values as the view carries them for a filter: {@code {"value": id}} for every one of
     * {@code ids} that is related, plus {@code {"value": ""}} when there are others (so that {@code pr} and
     * {@code ne} read the same as over the full list).
     */
    ArrayNode related(T resource, Set<String> ids);
}
