package io.dirsync.ingest.scim;

import static io.dirsync.ingest.scim.ScimClient.enc;
import static io.dirsync.ingest.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queries at the service root (RFC 7644 §3.4.2.1, §3.4.3) over real HTTP: the RFC's {@code POST /.search} example,
 * users then groups paged as one list, and a precise 400 for what has no meaning across both types.
 */
@MicronautTest(environments = "test")
class ScimRootSearchHttpTest {

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;
    @Inject
    InMemoryGroups groups;

    private ScimClient scim;

    @BeforeEach
    void resources() {
        directory.reset();
        groups.reset();
        scim = new ScimClient(server);
        create("/Users", "{\"userName\":\"jsmith\",\"displayName\":\"Smith, John\"}");
        create("/Users", "{\"userName\":\"asmithers\",\"displayName\":\"Smithers, Anna\"}");
        create("/Users", "{\"userName\":\"bjensen\",\"displayName\":\"Jensen, Barbara\"}");
        create("/Groups", "{\"displayName\":\"Smiths of the world\",\"members\":[]}");
        create("/Groups", "{\"displayName\":\"Tour Guides\",\"members\":[]}");
    }

    @Test
    void shouldAnswerTheRfcRootSearchExampleWithUsersThenGroups() {
        // RFC 7644 §3.4.3, as the RFC sends it.
        HttpResponse<String> r = scim.send("POST", "/.search", "application/scim+json", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "attributes": ["displayName", "userName"],
                 "filter": "displayName sw \\"smith\\"",
                 "startIndex": 1,
                 "count": 10}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = json(r);
        assertThat(list.path("totalResults").asInt()).isEqualTo(3);
        assertThat(names(list)).containsExactlyInAnyOrder("Smith, John", "Smithers, Anna", "Smiths of the world");
        assertThat(list.path("Resources").get(2).path("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(list.path("Resources").get(0).has("userName")).isTrue();
        assertThat(list.path("Resources").get(0).has("emails")).isFalse();
    }

    @Test
    void shouldPageUsersAndGroupsAsOneList() {
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            JsonNode page = json(scim.get("?startIndex=" + start + "&count=2"));
            assertThat(page.path("totalResults").asInt()).isEqualTo(5);
            assertThat(page.path("startIndex").asInt()).isEqualTo(start);
            seen.addAll(names(page));
        }

        assertThat(seen).hasSize(5).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("Smith, John", "Smithers, Anna", "Jensen, Barbara", "Smiths of the world",
                        "Tour Guides");
        assertThat(seen.subList(3, 5)).containsExactlyInAnyOrder("Smiths of the world", "Tour Guides");
    }

    @Test
    void shouldMatchOnlyTheTypeThatHasTheAttribute() {
        JsonNode byUserName = json(scim.get("?filter=" + enc("userName eq \"bjensen\"")));

        assertThat(byUserName.path("totalResults").asInt()).isEqualTo(1);
        assertThat(names(byUserName)).containsExactly("Jensen, Barbara");
    }

    @Test
    void shouldRefuseSortingAcrossTypesAndMalformedFilters() {
        HttpResponse<String> sorted = scim.get("?sortBy=displayName");
        HttpResponse<String> malformed = scim.get("?filter=" + enc("displayName sw"));

        assertThat(sorted.statusCode()).isEqualTo(400);
        assertThat(json(sorted).path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("scimType").asText()).isEqualTo("invalidFilter");
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("Resources").forEach(r -> names.add(r.path("displayName").asText()));
        return names;
    }

    private void create(String path, String body) {
        HttpResponse<String> r = scim.send("POST", path, "application/scim+json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
