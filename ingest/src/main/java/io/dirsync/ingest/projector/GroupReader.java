package io.dirsync.ingest.projector;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import java.util.List;
import java.util.Optional;

/**
 * The port to folded group state, served by the projector's query API. Members are read page by page,
 * and only when asked for: a group without its members costs the same at any size.
 */
public interface GroupReader {

    Optional<StoredGroup> group(String directoryId, String groupId);

    Optional<StoredGroup> groupByDisplayName(String directoryId, String displayName);

    /** A page in stable order; {@code startIndex} is 1-based. */
    Page groups(String directoryId, int startIndex, int count);

    /** Every member of the group, in stable order (empty if the group is unknown). */
    List<StoredGroup.Member> members(String directoryId, String groupId);

    /**
     * A SCIM search of groups (RFC 7644 §3.4.2), evaluated by the projector next to the data, without loading
     * any group's members. Contract:
     * <ul>
     *   <li>{@code filter}: the full grammar over the group's SCIM JSON (document, {@code id}, {@code displayName},
     *       {@code externalId}, {@code meta.created / lastModified / version / resourceType}); attribute names and
     *       displayName without case, {@code id} / {@code externalId} exactly. {@code members} may be tested only as
     *       {@code members[value eq "<userId>"]} (also with {@code ne}, and / or / not inside),
     *       {@code members.value eq|ne "<userId>"}, {@code members eq "<userId>"} and {@code members pr}; each named
     *       id costs one membership lookup. An equality on id, displayName, externalId or
     *       {@code members[value eq …]} (alone or as a term of the top-level {@code and}) is an index lookup.</li>
     *   <li>{@code sortBy}: any attribute path except {@code members}; {@code sortOrder} ascending (default) or
     *       descending; a group without the attribute sorts last ascending, first descending; ties and unsorted
     *       results are in id order, so pages are stable.</li>
     *   <li>{@code startIndex} 1-based (below 1 is 1); {@code count} 0 … 10,000. The page's groups carry no
     *       members: read them with {@link #members} only when the response shows them.</li>
     *   <li>A null filter and sortBy answer like {@link #groups}.</li>
     * </ul>
     *
     * @throws BadRequestException invalidFilter for a malformed, unsupported or too large filter (including any
     *                             other use of members); invalidValue for a bad sortBy / sortOrder
     */
    default Page search(String directoryId, String filter, String sortBy, String sortOrder, int startIndex, int count)
            throws BadRequestException {
        // Only for stand-ins that predate search: id and displayName equality, unsorted. The projector-backed
        // reader overrides this with the full grammar.
        if (filter == null || filter.isBlank()) {
            return groups(directoryId, startIndex, count);
        }
        Filter parsed = Filter.fromString(filter);
        if (sortBy == null && parsed.getFilterType() == FilterType.EQUAL && parsed.getAttributePath().size() == 1
                && parsed.getComparisonValue().isTextual()) {
            String attribute = parsed.getAttributePath().getElement(0).getAttribute();
            String value = parsed.getComparisonValue().asText();
            Optional<StoredGroup> found = attribute.equalsIgnoreCase("displayName")
                    ? groupByDisplayName(directoryId, value)
                    : attribute.equalsIgnoreCase("id") ? group(directoryId, value) : null;
            if (found != null) {
                return new Page(found.isPresent() ? 1 : 0, startIndex,
                        found.filter(g -> startIndex <= 1 && count > 0).stream().toList());
            }
        }
        throw BadRequestException.invalidFilter("this reader answers id and displayName equality only");
    }

    /** One page of groups and the directory's total. */
    record Page(long totalResults, int startIndex, List<StoredGroup> groups) {
    }
}
