package io.dirsync.ingest.scim;

import com.unboundid.scim2.common.exceptions.ScimException;
import io.dirsync.ingest.projector.DirectoryReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /scim/v2/Users} (RFC 7644 §3.4.2), apart from {@link UsersController} because it runs on the event
 * loop: the projector's answer completes the response without a worker thread parked on it. It is the hottest
 * read — Okta and Entra ID look a user up by userName before every create — and each thread hand-off costs a
 * scheduling wait on a busy machine (the userName lookup's p99 in GroupBench).
 */
@Controller("/scim/v2/Users")
final class UserListController {

    private final DirectoryReader reader;
    private final ScimLimits limits;

    UserListController(DirectoryReader reader, ScimLimits limits) {
        this.reader = reader;
        this.limits = limits;
    }

    @Get
    CompletableFuture<HttpResponse<String>> list(HttpRequest<?> request,
                                                 @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                                 @Nullable @QueryValue String filter,
                                                 @Nullable @QueryValue String startIndex,
                                                 @Nullable @QueryValue String count,
                                                 @Nullable @QueryValue String attributes,
                                                 @Nullable @QueryValue String excludedAttributes,
                                                 @Nullable @QueryValue String sortBy,
                                                 @Nullable @QueryValue String sortOrder) throws ScimException {
        AttributeSelection selection = AttributeSelection.fromQuery(attributes, excludedAttributes);
        ListQuery query = ListQuery.of(limits, filter, sortBy, sortOrder, ListQuery.integer(startIndex, "startIndex"),
                ListQuery.integer(count, "count"));
        CompletableFuture<HttpResponse<String>> response = new CompletableFuture<>();
        reader.list(directoryId, query.filter(), query.sortBy(), query.sortOrder(), query.start(), query.size())
                .whenComplete((page, error) -> {
                    // The exception handlers see what the blocking path would throw, not its async wrapper.
                    if (error != null) {
                        response.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error);
                        return;
                    }
                    try {
                        response.complete(UsersController.listResponse(request, page, query.start(), selection));
                    } catch (RuntimeException e) {
                        response.completeExceptionally(e);
                    }
                });
        return response;
    }
}
