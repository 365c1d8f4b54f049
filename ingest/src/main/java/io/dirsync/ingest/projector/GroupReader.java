package io.dirsync.ingest.projector;

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

    /** One page of groups and the directory's total. */
    record Page(long totalResults, int startIndex, List<StoredGroup> groups) {
    }
}
