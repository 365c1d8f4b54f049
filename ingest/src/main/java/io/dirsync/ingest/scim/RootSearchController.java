package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.SearchRequest;
import io.dirsync.ingest.projector.DirectoryReader;
import io.dirsync.ingest.projector.GroupReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Queries at the service root (RFC 7644 §3.4.2.1 {@code GET /scim/v2?filter=…}, §3.4.3 {@code POST /scim/v2/.search})
 * over every resource of the token's directory: the matching users, then the matching groups, each in id order,
 * paged over the two as one list. A filter naming what one type does not have (a user's {@code userName}, a group's
 * {@code members}) matches nothing of that type. There is no order across the two types, so {@code sortBy} is
 * refused here rather than half-applied; {@code /Users} and {@code /Groups} sort.
 */
@Controller("/scim/v2")
@ExecuteOn(TaskExecutors.BLOCKING)
final class RootSearchController {

    private final DirectoryReader users;
    private final GroupReader groups;
    private final ScimLimits limits;

    RootSearchController(DirectoryReader users, GroupReader groups, ScimLimits limits) {
        this.users = users;
        this.groups = groups;
        this.limits = limits;
    }

    @Get
    HttpResponse<String> query(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                               @Nullable @QueryValue String filter, @Nullable @QueryValue String startIndex,
                               @Nullable @QueryValue String count, @Nullable @QueryValue String attributes,
                               @Nullable @QueryValue String excludedAttributes, @Nullable @QueryValue String sortBy,
                               @Nullable @QueryValue String sortOrder) throws ScimException {
        return search(request, directoryId, filter, sortBy, sortOrder,
                ListQuery.integer(startIndex, "startIndex"), ListQuery.integer(count, "count"),
                GroupsController.split(attributes), GroupsController.split(excludedAttributes));
    }

    @Post("/.search")
    @Consumes(MediaType.ALL)
    HttpResponse<String> searchByPost(HttpRequest<?> request,
                                      @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                      @Nullable @Body byte[] body) throws ScimException {
        SearchRequest query = UsersController.searchRequest(ScimJson.parseObject(body, request.getContentType()));
        return search(request, directoryId, query.getFilter(), query.getSortBy(),
                query.getSortOrder() == null ? null : query.getSortOrder().getName(),
                Optional.ofNullable(query.getStartIndex()), Optional.ofNullable(query.getCount()),
                query.getAttributes() == null ? null : List.copyOf(query.getAttributes()),
                query.getExcludedAttributes() == null ? null : List.copyOf(query.getExcludedAttributes()));
    }

    private HttpResponse<String> search(HttpRequest<?> request, String directoryId, @Nullable String filter,
                                        @Nullable String sortBy, @Nullable String sortOrder,
                                        Optional<Integer> startIndex, Optional<Integer> count,
                                        @Nullable List<String> attributes, @Nullable List<String> excluded)
            throws ScimException {
        ListQuery query = ListQuery.of(limits, filter, sortBy, sortOrder, startIndex, count);
        if (query.sorted()) {
            throw BadRequestException.invalidValue("a query at the root spans Users and Groups, which have no order"
                    + " in common: sort with /Users or /Groups");
        }
        int start = query.start();
        int size = query.size();
        String matching = query.filter();
        // Users first: their page, then as many groups as the page has room for, from where the users ended.
        BadRequestException userRefusal = null;
        DirectoryReader.Page userPage;
        try {
            userPage = matching == null ? users.users(directoryId, start, size)
                    : users.search(directoryId, matching, null, null, start, size);
        } catch (BadRequestException e) {
            userRefusal = e;
            userPage = new DirectoryReader.Page(0, start, List.of());
        }
        int groupStart = (int) Math.max(1, start - userPage.totalResults());
        int groupCount = size - userPage.users().size();
        GroupReader.Page groupPage;
        try {
            groupPage = matching == null ? groups.groups(directoryId, groupStart, groupCount)
                    : groups.search(directoryId, matching, null, null, groupStart, groupCount);
        } catch (BadRequestException e) {
            if (userRefusal != null) {
                throw userRefusal;
            }
            groupPage = new GroupReader.Page(0, groupStart, List.of());
        }
        AttributeSelection selection = AttributeSelection.of(attributes, excluded);
        boolean withMembers = GroupsController.membersWanted(attributes, excluded);
        String base = UsersController.baseUrl(request);
        List<ObjectNode> resources = new ArrayList<>();
        userPage.users().forEach(u -> resources.add(selection.apply(UserDocuments.render(u, base))));
        groupPage.groups().forEach(g -> resources.add(selection.apply(GroupDocuments.render(g,
                withMembers ? groups.members(directoryId, g.groupId()) : null, base))));
        return ScimJson.respond(200, ScimJson.listResponse(userPage.totalResults() + groupPage.totalResults(), start,
                resources));
    }
}
