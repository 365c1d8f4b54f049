package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.schemas.UserAttributes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link DirsyncState} over the projector's query API: {@code /query/directories/{d}/users},
 * {@code /groups} and {@code /groups/{g}/members}, each paged with {@code startIndex}/{@code count} and answering
 * {@code {totalResults, startIndex, items}}. A plain JDK client, as the reconcile CLI runs without a container.
 */
public final class ProjectorState implements DirsyncState {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COUNT = 500;

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ProjectorState(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    @Override
    public List<User> users(String directoryId) throws IOException, InterruptedException {
        return all("/query/directories/" + enc(directoryId) + "/users", item -> {
            JsonNode u = item.path("user");
            UserAttributes a = UserAttributes.newBuilder()
                    .setUserName(u.path("userName").asText(""))
                    .setExternalId(text(u, "externalId"))
                    .setActive(u.path("active").asBoolean(false))
                    .setDisplayName(text(u, "displayName"))
                    .setGivenName(text(u, "givenName"))
                    .setFamilyName(text(u, "familyName"))
                    .setEmail(text(u, "email"))
                    .setDepartment(text(u, "department"))
                    .setTitle(text(u, "title"))
                    .setManagerId(text(u, "managerId"))
                    .build();
            return new User(item.path("userId").asText(), item.path("state").asText(), item.path("version").asLong(), a);
        }).orElse(List.of());
    }

    @Override
    public Optional<List<Group>> groups(String directoryId) throws IOException, InterruptedException {
        return all("/query/directories/" + enc(directoryId) + "/groups", item -> new Group(
                item.path("groupId").asText(), text(item, "displayName"), text(item, "externalId"),
                item.path("version").asLong()));
    }

    @Override
    public List<String> members(String directoryId, String groupId) throws IOException, InterruptedException {
        return all("/query/directories/" + enc(directoryId) + "/groups/" + enc(groupId) + "/members",
                item -> item.path("userId").asText()).orElse(List.of());
    }

    /** Every page of a list; empty when the endpoint does not exist (404 on the first page). */
    private <T> Optional<List<T>> all(String path, Function<JsonNode, T> item) throws IOException, InterruptedException {
        List<T> out = new ArrayList<>();
        int start = 1;
        while (true) {
            URI uri = URI.create(base + path + "?startIndex=" + start + "&count=" + COUNT);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404 && start == 1) {
                return Optional.empty();
            }
            if (r.statusCode() != 200) {
                throw new IOException("projector answered " + r.statusCode() + " to GET " + path);
            }
            JsonNode page = JSON.readTree(r.body());
            JsonNode items = page.path("items");
            items.forEach(i -> out.add(item.apply(i)));
            long total = page.path("totalResults").asLong(0);
            start += items.size();
            if (items.isEmpty() || start > total) {
                return Optional.of(out);
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
