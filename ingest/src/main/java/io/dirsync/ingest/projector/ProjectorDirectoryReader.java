package io.dirsync.ingest.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.uri.UriBuilder;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link DirectoryReader} over the projector's HTTP query API. */
@Singleton
final class ProjectorDirectoryReader implements DirectoryReader {

    private final HttpClient client;

    ProjectorDirectoryReader(@Client(id = "projector") HttpClient client) {
        this.client = client;
    }

    /**
     * The user {@code userId} names, or empty. The id is one encoded segment, and only an answer about that very
     * user counts: an id that spells another route of the query API ({@code search}) finds nobody.
     */
    @Override
    public Optional<StoredUser> user(String directoryId, String userId) {
        URI uri = UriBuilder.of("/query/directories").path(directoryId).path("users")
                .path(ProjectorHttp.segment(userId)).build();
        return get(uri).filter(u -> userId.equals(u.path("userId").asText(null))
                        && directoryId.equals(u.path("directoryId").asText(null)))
                .map(StoredUser::fromJson);
    }

    @Override
    public Optional<StoredUser> userByUserName(String directoryId, String userName) {
        URI uri = UriBuilder.of("/query/directories").path(directoryId).path("users")
                .queryParam("userName", userName).build();
        return get(uri).map(this::page).flatMap(p -> p.users().stream().findFirst());
    }

    @Override
    public Page users(String directoryId, int startIndex, int count) {
        return get(usersUri(directoryId, startIndex, count)).map(this::page)
                .orElseGet(() -> new Page(0, startIndex, List.of()));
    }

    private static URI usersUri(String directoryId, int startIndex, int count) {
        return UriBuilder.of("/query/directories").path(directoryId).path("users")
                .queryParam("startIndex", startIndex).queryParam("count", count).build();
    }

    @Override
    public Page search(String directoryId, String filter, String sortBy, String sortOrder, int startIndex, int count)
            throws BadRequestException {
        return page(ProjectorSearch.search(client, directoryId, "users", filter, sortBy, sortOrder, startIndex, count));
    }

    @Override
    public CompletableFuture<Page> list(String directoryId, String filter, String sortBy, String sortOrder,
                                        int startIndex, int count) {
        if (filter == null && sortBy == null && sortOrder == null) {
            return ProjectorHttp.getAsync(client, usersUri(directoryId, startIndex, count))
                    .thenApply(node -> node.map(this::page).orElseGet(() -> new Page(0, startIndex, List.of())));
        }
        return ProjectorSearch.searchAsync(client, directoryId, "users", filter, sortBy, sortOrder, startIndex, count)
                .thenApply(this::page);
    }

    private Page page(JsonNode node) {
        List<StoredUser> users = new ArrayList<>();
        node.path("items").forEach(item -> users.add(StoredUser.fromJson(item)));
        return new Page(node.path("totalResults").asLong(), node.path("startIndex").asInt(1), users);
    }

    private Optional<JsonNode> get(URI uri) {
        return ProjectorHttp.get(client, uri);
    }
}
