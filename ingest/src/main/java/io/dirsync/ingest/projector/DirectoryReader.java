package io.dirsync.ingest.projector;

import java.util.List;
import java.util.Optional;

/**
 * The port to the folded state: reads served by the projector's query API (which forwards to the instance
 * that owns the directory). Deleted users are never returned.
 */
public interface DirectoryReader {

    Optional<StoredUser> user(String directoryId, String userId);

    Optional<StoredUser> userByUserName(String directoryId, String userName);

    /** A page in stable order; {@code startIndex} is 1-based. */
    Page users(String directoryId, int startIndex, int count);

    /** One page of users and the directory's total. */
    record Page(long totalResults, int startIndex, List<StoredUser> users) {
    }
}
