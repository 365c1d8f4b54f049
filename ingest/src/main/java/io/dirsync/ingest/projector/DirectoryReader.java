package io.dirsync.ingest.projector;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The port to the folded state: reads served by the projector's query API (which forwards to the instance
 * that owns the directory). Deleted users are never returned.
 */
public interface DirectoryReader {

    Optional<StoredUser> user(String directoryId, String userId);

    Optional<StoredUser> userByUserName(String directoryId, String userName);

    /** A page in stable order; {@code startIndex} is 1-based. */
    Page users(String directoryId, int startIndex, int count);

    /**
     * A SCIM search (RFC 7644 §3.4.2), evaluated by the projector next to the data: the full filter grammar,
     * userName matched without case, id / externalId exactly; an equality on userName, externalId or id is an
     * index lookup. Without {@code sortBy} results are in id order; ties are ordered by id, so pages are stable.
     *
     * @param filter     a SCIM filter, or null for every user
     * @param sortBy     an attribute path, or null
     * @param sortOrder  {@code ascending} (default) or {@code descending}, or null
     * @param startIndex 1-based
     * @param count      page size, 0 … 10,000
     * @return the page and how many users matched in all
     * @throws BadRequestException invalidFilter for a malformed, unsupported or too large filter; invalidValue
     *                             for a bad sortBy / sortOrder
     */
    Page search(String directoryId, String filter, String sortBy, String sortOrder, int startIndex, int count)
            throws BadRequestException;

    /**
     * {@link #users} or, with a filter or an order, {@link #search}, answered without a thread waiting for the
     * projector (the list endpoint's hot path: Okta and Entra look a user up by userName before every create).
     * Fails with the exception the blocking call would throw (possibly inside a CompletionException). The default
     * calls the blocking one.
     */
    default CompletableFuture<Page> list(String directoryId, String filter, String sortBy, String sortOrder,
                                         int startIndex, int count) {
        try {
            return CompletableFuture.completedFuture(filter == null && sortBy == null && sortOrder == null
                    ? users(directoryId, startIndex, count)
                    : search(directoryId, filter, sortBy, sortOrder, startIndex, count));
        } catch (BadRequestException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One page of users and the directory's total. */
    record Page(long totalResults, int startIndex, List<StoredUser> users) {
    }
}
