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

/** {@link GroupReader} over the projector's HTTP query API. */
@Singleton
final class ProjectorGroupReader implements GroupReader {

    /** Members are fetched in pages this large; the query API caps a page at 100,000. */
    private static final int MEMBER_PAGE = 50_000;
    private final HttpClient client;

    ProjectorGroupReader(@Client(id = "projector") HttpClient client) {
        this.client = client;
    }

    /** As {@link ProjectorDirectoryReader#user}: one encoded segment, and only an answer about that group counts. */
    @Override
    public Optional<StoredGroup> group(String directoryId, String groupId) {
        return get(groups(directoryId).path(ProjectorHttp.segment(groupId)).build())
                .filter(g -> groupId.equals(g.path("groupId").asText(null))
                        && directoryId.equals(g.path("directoryId").asText(null)))
                .map(StoredGroup::fromJson);
    }

    @Override
    public Optional<StoredGroup> groupByDisplayName(String directoryId, String displayName) {
        return get(groups(directoryId).queryParam("displayName", displayName).build())
                .flatMap(page -> page(page).groups().stream().findFirst());
    }

    @Override
    public Page groups(String directoryId, int startIndex, int count) {
        return get(groups(directoryId).queryParam("startIndex", startIndex).queryParam("count", count).build())
                .map(this::page).orElseGet(() -> new Page(0, startIndex, List.of()));
    }

    @Override
    public Page search(String directoryId, String filter, String sortBy, String sortOrder, int startIndex, int count)
            throws BadRequestException {
        return page(ProjectorSearch.search(client, directoryId, "groups", filter, sortBy, sortOrder, startIndex,
                count));
    }

    @Override
    public List<StoredGroup.Member> members(String directoryId, String groupId) {
        List<StoredGroup.Member> members = new ArrayList<>();
        for (int start = 1; ; start += MEMBER_PAGE) {
            Optional<JsonNode> page = get(groups(directoryId).path(ProjectorHttp.segment(groupId)).path("members")
                    .queryParam("startIndex", start).queryParam("count", MEMBER_PAGE).build());
            if (page.isEmpty()) {
                return members;
            }
            page.get().path("items").forEach(m -> members.add(new StoredGroup.Member(m.path("userId").asText(),
                    text(m, "userName"), text(m, "displayName"))));
            if (members.size() >= page.get().path("totalResults").asLong() || page.get().path("items").isEmpty()) {
                return members;
            }
        }
    }

    private static UriBuilder groups(String directoryId) {
        return UriBuilder.of("/query/directories").path(directoryId).path("groups");
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).asText() : null;
    }

    private Page page(JsonNode node) {
        List<StoredGroup> groups = new ArrayList<>();
        node.path("items").forEach(item -> groups.add(StoredGroup.fromJson(item)));
        return new Page(node.path("totalResults").asLong(), node.path("startIndex").asInt(1), groups);
    }

    private Optional<JsonNode> get(URI uri) {
        return ProjectorHttp.get(client, uri);
    }
}
