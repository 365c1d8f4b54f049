package io.dirsync.ingest.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.SearchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.ingest.projector.DirectoryReader;
import io.dirsync.ingest.projector.StoredUser;
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
import java.util.List;
import java.util.Optional;

/**
 * SCIM 2.0 {@code /Users} (RFC 7644 §3.3–3.6), including search by POST (§3.4.3) and partial representations
 * (§3.4.2.5, §3.9). Bodies are read as raw bytes so that any content type (or none) is accepted; every answer is
 * {@code application/scim+json}.
 */
@Controller("/scim/v2/Users")
@ExecuteOn(TaskExecutors.BLOCKING)
final class UsersController {

    /** Largest page served; a larger count is capped, as RFC 7644 §3.4.2.4 allows. */
    static final int MAX_COUNT = 1000;
    static final int DEFAULT_COUNT = 100;
    static final String SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private final UserService users;
    private final DirectoryReader reader;
    private final ScimLimits limits;
    private final PatchResponses responses;

    UsersController(UserService users, DirectoryReader reader, ScimLimits limits, PatchResponses responses) {
        this.users = users;
        this.reader = reader;
        this.limits = limits;
        this.responses = responses;
    }

    /** RFC 7644 §3.4.3: the query of a GET as a SearchRequest body, answered exactly as the GET would be. */
    @Post("/.search")
    @Consumes(MediaType.ALL)
    HttpResponse<String> searchByPost(HttpRequest<?> request,
                                      @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                      @Nullable @Body byte[] body) throws ScimException {
        SearchRequest query = searchRequest(ScimJson.parseObject(body, request.getContentType()));
        return search(request, directoryId, query.getFilter(), query.getSortBy(),
                query.getSortOrder() == null ? null : query.getSortOrder().getName(),
                Optional.ofNullable(query.getStartIndex()), Optional.ofNullable(query.getCount()),
                AttributeSelection.of(query.getAttributes(), query.getExcludedAttributes()));
    }

    @Get("/{id}")
    HttpResponse<String> get(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                             @PathVariable String id, @Nullable @QueryValue String attributes,
                             @Nullable @QueryValue String excludedAttributes) throws ScimException {
        AttributeSelection selection = AttributeSelection.fromQuery(attributes, excludedAttributes);
        StoredUser user = users.get(directoryId, id);
        if (ifNoneMatch(request, user)) {
            // RFC 7232 §4.1: the client's copy is current; no body, and the validator it holds.
            return HttpResponse.<String>status(HttpStatus.NOT_MODIFIED).header(HttpHeaders.ETAG, UserDocuments.etag(user));
        }
        return resource(200, user, request, selection);
    }

    @Post
    @Consumes(MediaType.ALL)
    HttpResponse<String> create(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                @Nullable @Body byte[] body, @Nullable @QueryValue String attributes,
                                @Nullable @QueryValue String excludedAttributes) throws ScimException {
        AttributeSelection selection = AttributeSelection.fromQuery(attributes, excludedAttributes);
        StoredUser user = users.create(directoryId, ScimJson.parseObject(body, request.getContentType()));
        return resource(201, user, request, selection)
                .header(HttpHeaders.LOCATION, baseUrl(request) + "/Users/" + user.userId());
    }

    @Put("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<String> replace(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                 @PathVariable String id, @Nullable @Body byte[] body,
                                 @Nullable @QueryValue String attributes,
                                 @Nullable @QueryValue String excludedAttributes) throws ScimException {
        AttributeSelection selection = AttributeSelection.fromQuery(attributes, excludedAttributes);
        ObjectNode document = ScimJson.parseObject(body, request.getContentType());
        return resource(200, users.replace(directoryId, id, document, ifMatch(request)), request, selection);
    }

    @Patch("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<String> patch(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                               @PathVariable String id, @Nullable @Body byte[] body,
                               @Nullable @QueryValue String attributes,
                               @Nullable @QueryValue String excludedAttributes) throws ScimException {
        AttributeSelection selection = AttributeSelection.fromQuery(attributes, excludedAttributes);
        ObjectNode document = ScimJson.parseObject(body, request.getContentType());
        limits.checkOperations(document);
        StoredUser user = users.patch(directoryId, id, document, ifMatch(request));
        if (responses.forUsers(directoryId) == 204) {
            return HttpResponse.<String>noContent().header(HttpHeaders.ETAG, UserDocuments.etag(user));
        }
        return resource(200, user, request, selection);
    }

    @Delete("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<?> delete(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                           @PathVariable String id) throws ScimException {
        users.delete(directoryId, id, ifMatch(request));
        return HttpResponse.noContent();
    }

    /**
     * One page of users matching {@code filter} sorted by {@code sortBy} (RFC 7644 §3.4.2.2–3.4.2.4), as a
     * ListResponse. The filter is checked here against the bounds, then evaluated by the projector next to the data.
     */
    private HttpResponse<String> search(HttpRequest<?> request, String directoryId, @Nullable String filter,
                                        @Nullable String sortBy, @Nullable String sortOrder,
                                        Optional<Integer> startIndex, Optional<Integer> count,
                                        AttributeSelection selection) throws ScimException {
        ListQuery query = ListQuery.of(limits, filter, sortBy, sortOrder, startIndex, count);
        DirectoryReader.Page page = query.plain()
                ? reader.users(directoryId, query.start(), query.size())
                : reader.search(directoryId, query.filter(), query.sortBy(), query.sortOrder(), query.start(),
                        query.size());
        return listResponse(request, page, query.start(), selection);
    }

    static HttpResponse<String> listResponse(HttpRequest<?> request, DirectoryReader.Page page, int start,
                                             AttributeSelection selection) {
        String base = baseUrl(request);
        List<ObjectNode> resources = page.users().stream()
                .map(u -> selection.apply(UserDocuments.render(u, base)))
                .toList();
        return ScimJson.respond(200, ScimJson.listResponse(page.totalResults(), start, resources));
    }

    private static MutableHttpResponse<String> resource(int status, StoredUser user, HttpRequest<?> request,
                                                        AttributeSelection selection) {
        return ScimJson.respond(status, selection.apply(UserDocuments.render(user, baseUrl(request))))
                .header(HttpHeaders.ETAG, UserDocuments.etag(user));
    }

    /** A SearchRequest body (RFC 7644 §3.4.3) read by the SDK; what it cannot read is a 400, never a guess. */
    static SearchRequest searchRequest(ObjectNode body) throws BadRequestException {
        // A body of another message type (a PatchOp sent here by mistake) is refused rather than half-read.
        JsonNode schemas = UserDocuments.field(body, "schemas");
        boolean search = schemas == null;
        for (JsonNode schema : schemas == null ? List.<JsonNode>of() : schemas) {
            search |= schema.asText().equalsIgnoreCase(SEARCH_SCHEMA);
        }
        if (!search) {
            throw BadRequestException.invalidSyntax("a search body has schemas [\"" + SEARCH_SCHEMA + "\"]");
        }
        try {
            return JsonUtils.getObjectReader().treeToValue(body, SearchRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw BadRequestException.invalidSyntax("invalid SearchRequest: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /**
     * {@code If-None-Match} on a read (RFC 7232 §3.2, weak comparison): true when it names the current version
     * or is {@code *}. A tag that is not one of our versions simply does not match.
     */
    static boolean ifNoneMatch(HttpRequest<?> request, StoredUser user) {
        String header = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH);
        if (header == null || header.isBlank()) {
            return false;
        }
        String current = Long.toString(user.version());
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.replace("\"", "").trim().equals(current)) {
                return true;
            }
        }
        return false;
    }

    /** Weak or strong ETag {@code W/"3"} / {@code "3"} → version 3 (RFC 7644 §3.14). */
    static Optional<Long> ifMatch(HttpRequest<?> request) throws PreconditionFailedException {
        String header = request.getHeaders().get(HttpHeaders.IF_MATCH);
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return Optional.empty();
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Optional.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw new PreconditionFailedException("If-Match " + header + " is not a version of this resource");
        }
    }

    static String baseUrl(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host == null) {
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
        }
        return "http://" + host + "/scim/v2";
    }
}
