package io.dirsync.ingest.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.dirsync.ingest.BackendUnavailableException;
import io.micronaut.http.client.HttpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The readers against a stand-in for the projector's query API that records the raw paths it is asked for: a
 * resource id from a SCIM request is one encoded path segment, whatever it contains, and an answer about
 * another resource (the route a crafted id happens to spell) finds nothing rather than failing.
 */
class ProjectorReadersTest {

    private static final String USER = """
            {"directoryId":"tenant-b","userId":"%s","state":"ACTIVE","version":1,"user":{"userName":"ada"},
             "createdAt":"2026-01-01T00:00:00Z","lastModified":"2026-01-01T00:00:00Z"}""";
    private static final String GROUP = """
            {"directoryId":"tenant-b","groupId":"%s","displayName":"Eng","version":1,"memberCount":0,
             "createdAt":"2026-01-01T00:00:00Z","lastModified":"2026-01-01T00:00:00Z"}""";
    private static final String PAGE = "{\"totalResults\":1,\"startIndex\":1,\"items\":[]}";

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    /** Raw path → body answered 200 (or the status in {@link #statuses}); anything else is 404. */
    private final Map<String, String> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private HttpServer projector;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        projector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        projector.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            asked.add(path);
            queries.add(exchange.getRequestURI().getRawQuery());
            String body = answers.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(statuses.getOrDefault(path, 200), bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        projector.start();
        client = HttpClient.create(new URL("http://127.0.0.1:" + projector.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        client.close();
        projector.stop(0);
    }

    @Test
    void shouldSendAUserIdAsOneEncodedPathSegment() {
        ProjectorDirectoryReader reader = new ProjectorDirectoryReader(client);

        for (String id : List.of("../../tenant-a/users/u1", "u1\u0000", "a b", "a?startIndex=1", "a#f", "..", "ü")) {
            assertThat(reader.user("tenant-b", id)).as(id).isEmpty();
        }

        assertThat(asked).containsExactly(
                "/query/directories/tenant-b/users/%2E%2E%2F%2E%2E%2Ftenant-a%2Fusers%2Fu1",
                "/query/directories/tenant-b/users/u1%00",
                "/query/directories/tenant-b/users/a%20b",
                "/query/directories/tenant-b/users/a%3FstartIndex%3D1",
                "/query/directories/tenant-b/users/a%23f",
                "/query/directories/tenant-b/users/%2E%2E",
                "/query/directories/tenant-b/users/%C3%BC");
    }

    @Test
    void shouldFindTheUserAnIdNamesAndNobodyForAnAnswerAboutSomethingElse() {
        answers.put("/query/directories/tenant-b/users/u-1", USER.formatted("u-1"));
        answers.put("/query/directories/tenant-b/users/search", PAGE);
        answers.put("/query/directories/tenant-b/users/u-2", USER.formatted("u-3"));
        ProjectorDirectoryReader reader = new ProjectorDirectoryReader(client);

        assertThat(reader.user("tenant-b", "u-1")).hasValueSatisfying(u -> assertThat(u.userName()).isEqualTo("ada"));
        assertThat(reader.user("tenant-b", "search")).isEmpty();
        assertThat(reader.user("tenant-b", "u-2")).isEmpty();
    }

    @Test
    void shouldEncodeAGroupIdAndFindNoGroupForAnAnswerAboutSomethingElse() {
        answers.put("/query/directories/tenant-b/groups/g-1", GROUP.formatted("g-1"));
        answers.put("/query/directories/tenant-b/groups/search", PAGE);
        ProjectorGroupReader reader = new ProjectorGroupReader(client);

        assertThat(reader.group("tenant-b", "g-1")).isPresent();
        assertThat(reader.group("tenant-b", "search")).isEmpty();
        assertThat(reader.group("tenant-b", "g-1/members")).isEmpty();
        assertThat(reader.members("tenant-b", "../users")).isEmpty();

        assertThat(asked).contains("/query/directories/tenant-b/groups/g-1%2Fmembers",
                "/query/directories/tenant-b/groups/%2E%2E%2Fusers/members");
    }

    @Test
    void shouldListWithoutBlockingThroughTheSameEndpointsAndFailuresAsTheBlockingReads() {
        answers.put("/query/directories/tenant-b/users", PAGE);
        answers.put("/query/directories/tenant-b/users/search",
                "{\"totalResults\":1,\"startIndex\":1,\"items\":[" + USER.formatted("u-1") + "]}");
        ProjectorDirectoryReader reader = new ProjectorDirectoryReader(client);

        assertThat(reader.list("tenant-b", "userName eq \"ada\"", null, null, 1, 100).join().users())
                .extracting(StoredUser::userName).containsExactly("ada");
        assertThat(reader.list("tenant-b", null, null, null, 1, 2).join().totalResults()).isEqualTo(1);
        assertThat(asked).containsExactly("/query/directories/tenant-b/users/search",
                "/query/directories/tenant-b/users");
        assertThat(queries).containsExactly("startIndex=1&count=100&filter=userName+eq+%22ada%22",
                "startIndex=1&count=2");

        // The projector's 400 is the client's filter, with its scimType; anything else is the backend's 503.
        statuses.put("/query/directories/tenant-b/users/search", 400);
        answers.put("/query/directories/tenant-b/users/search",
                "{\"error\":\"unsupported filter\",\"scimType\":\"invalidFilter\"}");
        assertThatThrownBy(() -> reader.list("tenant-b", "title gt 5", null, null, 1, 100).join())
                .cause().isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).getScimError().getScimType())
                        .isEqualTo("invalidFilter"));
        statuses.put("/query/directories/tenant-b/users", 500);
        assertThatThrownBy(() -> reader.list("tenant-b", null, null, null, 1, 100).join())
                .cause().isInstanceOf(BackendUnavailableException.class);
    }
}
