package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.SearchRequest;
import io.dirsync.ingest.projector.GroupReader;
import io.dirsync.ingest.projector.StoredGroup;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SCIM 2.0 {@code /Groups} (RFC 7644 §3.3–3.6). Members are loaded only when the answer shows them, so a GET
 * with {@code excludedAttributes=members} (Entra's) costs the same for ten members and for 100,000. PATCH is
 * answered 204 by default ({@link PatchResponses}).
 */
@Controller("/scim/v2/Groups")
@ExecuteOn(TaskExecutors.BLOCKING)
final class GroupsController {

    private final GroupService groups;
    private final GroupReader reader;
    private final PatchResponses responses;
    private final ScimLimits limits;

    GroupsController(GroupService groups, GroupReader reader, PatchResponses responses, ScimLimits limits) {
        this.groups = groups;
        this.reader = reader;
        this.responses = responses;
        this.limits = limits;
    }

    @Get
    HttpResponse<String> list(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                              @Nullable @QueryValue String filter, @Nullable @QueryValue String startIndex,
                              @Nullable @QueryValue String count, @Nullable @QueryValue String attributes,
                              @Nullable @QueryValue String excludedAttributes, @Nullable @QueryValue String sortBy,
                              @Nullable @QueryValue String sortOrder) throws ScimException {
        return search(request, directoryId, filter, sortBy, sortOrder, ListQuery.integer(startIndex, "startIndex"),
                ListQuery.integer(count, "count"), split(attributes), split(excludedAttributes));
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
                list(query.getAttributes()), list(query.getExcludedAttributes()));
    }

    @Get("/{id}")
    HttpResponse<String> get(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                             @PathVariable String id, @Nullable @QueryValue String attributes,
                             @Nullable @QueryValue String excludedAttributes) throws ScimException {
        StoredGroup group = groups.get(directoryId, id);
        if (ifNoneMatch(request, group)) {
            return HttpResponse.<String>status(HttpStatus.NOT_MODIFIED).header(HttpHeaders.ETAG, GroupDocuments.etag(group));
        }
        return resource(200, group, request, split(attributes), split(excludedAttributes));
    }

    @Post
    @Consumes(MediaType.ALL)
    HttpResponse<String> create(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                @Nullable @Body byte[] body, @Nullable @QueryValue String attributes,
                                @Nullable @QueryValue String excludedAttributes) throws ScimException {
        StoredGroup group = groups.create(directoryId, ScimJson.parseObject(body, request.getContentType()));
        return resource(201, group, request, split(attributes), split(excludedAttributes))
                .header(HttpHeaders.LOCATION, UsersController.baseUrl(request) + "/Groups/" + group.groupId());
    }

    @Put("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<String> replace(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                 @PathVariable String id, @Nullable @Body byte[] body,
                                 @Nullable @QueryValue String attributes,
                                 @Nullable @QueryValue String excludedAttributes) throws ScimException {
        ObjectNode document = ScimJson.parseObject(body, request.getContentType());
        StoredGroup group = groups.replace(directoryId, id, document, UsersController.ifMatch(request));
        return resource(200, group, request, split(attributes), split(excludedAttributes));
    }

    @Patch("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<String> patch(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                               @PathVariable String id, @Nullable @Body byte[] body,
                               @Nullable @QueryValue String attributes,
                               @Nullable @QueryValue String excludedAttributes) throws ScimException {
        ObjectNode document = ScimJson.parseObject(body, request.getContentType());
        limits.checkOperations(document);
        StoredGroup group = groups.patch(directoryId, id, document, UsersController.ifMatch(request));
        if (responses.forGroups(directoryId) == 204) {
            return HttpResponse.<String>noContent().header(HttpHeaders.ETAG, GroupDocuments.etag(group));
        }
        return resource(200, group, request, split(attributes), split(excludedAttributes));
    }

    @Delete("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<?> delete(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                           @PathVariable String id) throws ScimException {
        groups.delete(directoryId, id, UsersController.ifMatch(request));
        return HttpResponse.noContent();
    }

    /** One page of groups matching {@code filter}, sorted; the projector evaluates it next to the data. */
    private HttpResponse<String> search(HttpRequest<?> request, String directoryId, @Nullable String filter,
                                        @Nullable String sortBy, @Nullable String sortOrder,
                                        Optional<Integer> startIndex, Optional<Integer> count,
                                        @Nullable List<String> attributes, @Nullable List<String> excluded)
            throws ScimException {
        ListQuery query = ListQuery.of(limits, filter, sortBy, sortOrder, startIndex, count);
        GroupReader.Page page = query.plain()
                ? reader.groups(directoryId, query.start(), query.size())
                : reader.search(directoryId, query.filter(), query.sortBy(), query.sortOrder(), query.start(),
                        query.size());
        AttributeSelection selection = AttributeSelection.of(attributes, excluded);
        boolean withMembers = membersWanted(attributes, excluded);
        String base = UsersController.baseUrl(request);
        List<ObjectNode> resources = page.groups().stream()
                .map(g -> selection.apply(GroupDocuments.render(g,
                        withMembers ? reader.members(directoryId, g.groupId()) : null, base)))
                .toList();
        return ScimJson.respond(200, ScimJson.listResponse(page.totalResults(), query.start(), resources));
    }

    private MutableHttpResponse<String> resource(int status, StoredGroup group, HttpRequest<?> request,
                                                 @Nullable List<String> attributes, @Nullable List<String> excluded)
            throws BadRequestException {
        String directoryId = group.directoryId();
        List<StoredGroup.Member> members = membersWanted(attributes, excluded)
                ? reader.members(directoryId, group.groupId()) : null;
        ObjectNode body = AttributeSelection.of(attributes, excluded)
                .apply(GroupDocuments.render(group, members, UsersController.baseUrl(request)));
        return ScimJson.respond(status, body).header(HttpHeaders.ETAG, GroupDocuments.etag(group));
    }

    /** Members are read only when the answer includes them. */
    static boolean membersWanted(@Nullable List<String> attributes, @Nullable List<String> excluded) {
        if (excluded != null && excluded.stream().anyMatch(GroupsController::isMembers)) {
            return false;
        }
        return attributes == null || attributes.isEmpty() || attributes.stream().anyMatch(GroupsController::isMembers);
    }

    private static boolean isMembers(String attribute) {
        String a = attribute.trim().toLowerCase(Locale.ROOT);
        return a.equals("members") || a.startsWith("members.")
                || a.equals(GroupDocuments.GROUP_SCHEMA.toLowerCase(Locale.ROOT) + ":members");
    }

    private static boolean ifNoneMatch(HttpRequest<?> request, StoredGroup group) {
        String header = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH);
        if (header == null || header.isBlank()) {
            return false;
        }
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.replace("W/", "").replace("\"", "").trim().equals(Long.toString(group.version()))) {
                return true;
            }
        }
        return false;
    }

    @Nullable
    private static List<String> list(@Nullable java.util.Collection<String> values) {
        return values == null ? null : List.copyOf(values);
    }

    @Nullable
    static List<String> split(@Nullable String parameter) {
        return parameter == null || parameter.isBlank() ? null
                : Arrays.stream(parameter.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
