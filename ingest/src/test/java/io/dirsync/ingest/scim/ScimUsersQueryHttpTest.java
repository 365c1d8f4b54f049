package io.dirsync.ingest.scim;

import static io.dirsync.ingest.scim.ScimClient.enc;
import static io.dirsync.ingest.scim.ScimClient.fixture;
import static io.dirsync.ingest.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads of {@code /Users} beyond the basics: conditional GET, partial representations, search by POST and
 * endpoint names in any case, over real HTTP.
 */
@MicronautTest(environments = "test")
class ScimUsersQueryHttpTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;

    private ScimClient scim;

    @BeforeEach
    void clean() {
        directory.reset();
        scim = new ScimClient(server);
    }

    @Test
    void shouldAnswer304WithoutABodyWhenIfNoneMatchIsTheCurrentETag() {
        String id = create();
        String etag = scim.get("/Users/" + id).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> r = scim.get("/Users/" + id, "If-None-Match", etag);

        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void shouldAnswerTheUserWhenIfNoneMatchNamesAnOlderVersion() {
        String id = create();
        String old = scim.get("/Users/" + id).headers().firstValue("ETag").orElseThrow();
        scim.send("PATCH", "/Users/" + id, null, fixture("okta/deactivate-user.json"));

        HttpResponse<String> r = scim.get("/Users/" + id, "If-None-Match", old);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("active").asBoolean()).isFalse();
        assertThat(r.headers().firstValue("ETag")).contains("W/\"2\"");
    }

    @Test
    void shouldReturnOnlyTheRequestedAttributesAndAlwaysIdSchemasAndMeta() {
        String id = create();

        JsonNode user = json(scim.get("/Users/" + id + "?attributes=" + enc("USERNAME,name.givenName,"
                + ENTERPRISE + ":department")));

        assertThat(user.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("schemas", "id", "meta", "userName", "name", ENTERPRISE);
        assertThat(user.path("name").fieldNames()).toIterable().containsExactly("givenName");
        assertThat(user.path(ENTERPRISE).fieldNames()).toIterable().containsExactly("department");
        assertThat(user.path("userName").asText()).isEqualTo("alan.turing@contoso.example");
    }

    @Test
    void shouldLeaveOutExcludedAttributesButNeverIdSchemasOrMeta() {
        String id = create();

        JsonNode user = json(scim.get("/Users/" + id + "?excludedAttributes=" + enc("emails.value,name,id,meta,"
                + ENTERPRISE + ",members")));

        assertThat(user.has("name")).isFalse();
        assertThat(user.has(ENTERPRISE)).isFalse();
        assertThat(user.path("emails").get(0).has("value")).isFalse();
        assertThat(user.path("emails").get(0).path("type").asText()).isEqualTo("work");
        assertThat(user.path("id").asText()).isEqualTo(id);
        assertThat(user.has("meta")).isTrue();
        assertThat(user.path("displayName").asText()).isEqualTo("Alan Turing");
    }

    @Test
    void shouldApplyTheSelectionToEveryUserOfAList() {
        create();

        JsonNode list = json(scim.get("/Users?attributes=userName&filter="
                + enc("userName eq \"alan.turing@contoso.example\"")));

        assertThat(list.path("totalResults").asInt()).isEqualTo(1);
        assertThat(list.path("Resources").get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("schemas", "id", "meta", "userName");
    }

    @Test
    void shouldRejectAnUnusableSelectionWith400() {
        String id = create();

        HttpResponse<String> both = scim.get("/Users/" + id + "?attributes=userName&excludedAttributes=name");
        HttpResponse<String> malformed = scim.get("/Users/" + id + "?attributes=" + enc("name..givenName"));
        HttpResponse<String> filtered = scim.get("/Users?attributes=" + enc("emails[type eq \"work\"]"));

        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json(both).path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(filtered.statusCode()).isEqualTo(400);
        assertThat(json(filtered).path("scimType").asText()).isEqualTo("invalidPath");
    }

    @Test
    void shouldAnswerASearchByPostExactlyAsTheSameGet() {
        create();
        String filter = "userName eq \"alan.turing@contoso.example\"";

        HttpResponse<String> post = scim.send("POST", "/Users/.search", "application/scim+json", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"userName eq \\"alan.turing@contoso.example\\"","startIndex":1,"count":10,
                 "attributes":["userName","name.familyName"]}""");
        HttpResponse<String> get = scim.get("/Users?filter=" + enc(filter)
                + "&startIndex=1&count=10&attributes=userName,name.familyName");

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/scim+json"));
        assertThat(json(post)).isEqualTo(json(get));
        assertThat(json(post).path("Resources").get(0).path("name").path("familyName").asText()).isEqualTo("Turing");
    }

    @Test
    void shouldPageASearchByPostWithoutAFilter() {
        create();
        scim.send("POST", "/Users", null, fixture("okta/create-user.json"));

        JsonNode page = json(scim.send("POST", "/Users/.search", null,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"startIndex\":2,\"count\":1}"));

        assertThat(page.path("totalResults").asInt()).isEqualTo(2);
        assertThat(page.path("startIndex").asInt()).isEqualTo(2);
        assertThat(page.path("itemsPerPage").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRejectAMalformedSearchRequestWith400() {
        List<String> bodies = List.of(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
                "{\"count\":\"many\"}",
                "{\"attributes\":\"userName\"}",
                "{\"filter\":\"emails[type eq \\\"work\\\"\"}",
                "{\"filter\":\"userName eq\"}",
                "[]");

        List<HttpResponse<String>> answers = bodies.stream()
                .map(b -> scim.send("POST", "/Users/.search", "application/scim+json", b))
                .toList();

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        });
        assertThat(json(answers.get(3)).path("scimType").asText()).isEqualTo("invalidFilter");
    }

    @Test
    void shouldRouteEndpointNamesInAnyCaseToTheSameHandlers() {
        HttpResponse<String> created = scim.send("POST", "/users", "application/scim+json; charset=utf-8",
                fixture("entra/create-user.json"));
        String id = json(created).path("id").asText();

        HttpResponse<String> lower = scim.get("/users/" + id);
        HttpResponse<String> upper = scim.get("/USERS/" + id);
        HttpResponse<String> list = scim.get("/users?filter=" + enc("userName eq \"alan.turing@contoso.example\""));
        HttpResponse<String> patched = scim.send("PATCH", "/USERS/" + id, null, fixture("entra/disable-user.json"));
        HttpResponse<String> search = scim.send("POST", "/users/.SEARCH", null, "{\"count\":1}");
        HttpResponse<String> config = scim.sendTo("GET", "/SCIM/V2/serviceproviderconfig", ScimClient.TOKEN, null, null);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("userName").asText()).isEqualTo("alan.turing@contoso.example");
        assertThat(lower.statusCode()).isEqualTo(200);
        assertThat(json(lower).path("id").asText()).isEqualTo(id);
        assertThat(upper.statusCode()).isEqualTo(200);
        assertThat(json(list).path("totalResults").asInt()).isEqualTo(1);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(scim.get("/Users/" + id)).path("active").asBoolean()).isFalse();
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(json(search).path("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(config.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepIdsCaseSensitiveWhileEndpointNamesAreNot() {
        String id = create();

        HttpResponse<String> r = scim.get("/users/" + id.toUpperCase());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("status").asText()).isEqualTo("404");
    }

    @Test
    void shouldAnswer413InScimJsonForAnOversizedBodyWhateverTheSpelling() {
        String huge = "{\"userName\":\"" + "x".repeat(1_100_000) + "\"}";

        HttpResponse<String> canonical = scim.send("POST", "/Users", "application/scim+json", huge);
        HttpResponse<String> lower = scim.send("POST", "/users", "application/scim+json", huge);

        assertThat(canonical.statusCode()).isEqualTo(413);
        assertThat(lower.statusCode()).isEqualTo(413);
        assertThat(json(lower).path("status").asText()).isEqualTo("413");
        assertThat(directory.submitted).isEmpty();
    }

    @Test
    void shouldAuthenticateEveryCaseOfAnEndpointName() {
        HttpResponse<String> r = scim.sendTo("GET", "/scim/v2/users", null, null, null);

        assertThat(r.statusCode()).isEqualTo(401);
    }

    private String create() {
        HttpResponse<String> r = scim.send("POST", "/Users", "application/scim+json", fixture("entra/create-user.json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }
}
