package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import io.dirsync.ingest.projector.DirectoryReader;
import io.dirsync.ingest.projector.StoredUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
 * SCIM 2.0 {@code /Users} (RFC 7644 §3.3–3.6). Bodies are read as raw bytes so that any content type
 * (or none) is accepted; every answer is {@code application/scim+json}.
 */
@Controller("/scim/v2/Users")
@ExecuteOn(TaskExecutors.BLOCKING)
final class UsersController {

    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /** Largest page served; a larger count is capped, as RFC 7644 §3.4.2.4 allows. */
    static final int MAX_COUNT = 1000;

    private final UserService users;
    private final DirectoryReader reader;

    UsersController(UserService users, DirectoryReader reader) {
        this.users = users;
        this.reader = reader;
    }

    @Get
    HttpResponse<String> list(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                              @Nullable @QueryValue String filter, @Nullable @QueryValue String startIndex,
                              @Nullable @QueryValue String count) throws ScimException {
        int start = Math.max(1, integer(startIndex, "startIndex", 1));
        int size = Math.min(MAX_COUNT, Math.max(0, integer(count, "count", 100)));
        DirectoryReader.Page page;
        if (filter == null || filter.isBlank()) {
            page = reader.users(directoryId, start, size);
        } else {
            List<StoredUser> matches = matching(directoryId, Filter.fromString(filter));
            page = new DirectoryReader.Page(matches.size(), start,
                    matches.stream().skip(start - 1L).limit(size).toList());
        }
        ObjectNode body = ScimJson.object();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", page.totalResults());
        body.put("startIndex", start);
        body.put("itemsPerPage", page.users().size());
        ArrayNode resources = body.putArray("Resources");
        String base = baseUrl(request);
        page.users().forEach(u -> resources.add(UserDocuments.render(u, base)));
        return ok(200, body);
    }

    @Get("/{id}")
    HttpResponse<String> get(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                             @PathVariable String id) throws ScimException {
        return resource(200, users.get(directoryId, id), request);
    }

    @Post
    @Consumes(MediaType.ALL)
    HttpResponse<String> create(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                @Nullable @Body byte[] body) throws ScimException {
        StoredUser user = users.create(directoryId, ScimJson.parseObject(body, request.getContentType()));
        return resource(201, user, request).header(HttpHeaders.LOCATION, baseUrl(request) + "/Users/" + user.userId());
    }

    @Put("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<String> replace(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                                 @PathVariable String id, @Nullable @Body byte[] body) throws ScimException {
        ObjectNode document = ScimJson.parseObject(body, request.getContentType());
        return resource(200, users.replace(directoryId, id, document, ifMatch(request)), request);
    }

    @Patch("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<String> patch(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                               @PathVariable String id, @Nullable @Body byte[] body) throws ScimException {
        ObjectNode document = ScimJson.parseObject(body, request.getContentType());
        return resource(200, users.patch(directoryId, id, document, ifMatch(request)), request);
    }

    @Delete("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<?> delete(HttpRequest<?> request, @RequestAttribute(ScimAuthFilter.DIRECTORY) String directoryId,
                           @PathVariable String id) throws ScimException {
        users.delete(directoryId, id, ifMatch(request));
        return HttpResponse.noContent();
    }

    /** Equality on userName or id is an index lookup; other filters are not served yet (400, never a wrong list). */
    private List<StoredUser> matching(String directoryId, Filter filter) throws BadRequestException {
        if (filter.getFilterType() == FilterType.EQUAL && filter.getAttributePath().size() == 1
                && filter.getAttributePath().getSchemaUrn() == null && filter.getComparisonValue().isTextual()) {
            String attribute = filter.getAttributePath().getElement(0).getAttribute();
            String value = filter.getComparisonValue().asText();
            if (attribute.equalsIgnoreCase("userName")) {
                return reader.userByUserName(directoryId, value).stream().toList();
            }
            if (attribute.equalsIgnoreCase("id")) {
                return reader.user(directoryId, value).stream().toList();
            }
        }
        throw BadRequestException.invalidFilter("unsupported filter: " + filter
                + " (supported: userName eq \"…\", id eq \"…\")");
    }

    private static MutableHttpResponse<String> resource(int status, StoredUser user, HttpRequest<?> request) {
        return ok(status, UserDocuments.render(user, baseUrl(request))).header(HttpHeaders.ETAG, UserDocuments.etag(user));
    }

    private static MutableHttpResponse<String> ok(int status, ObjectNode body) {
        return HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(status))
                .contentType(ScimJson.SCIM_JSON)
                .body(ScimJson.write(body));
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

    private static int integer(String value, String name, int fallback) throws BadRequestException {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidValue(name + " must be an integer");
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
