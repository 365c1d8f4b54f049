package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SCIM edge over real HTTP, with the log and the projector replaced by {@link InMemoryDirectory}. */
@MicronautTest(environments = "test")
class ScimUsersHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OKTA_CREATE = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"isaac@example.com",
             "externalId":"00u1ab2cd3EF4gh5i6j7","name":{"givenName":"Isaac","familyName":"Brock"},
             "emails":[{"primary":true,"value":"isaac@example.com","type":"work"}],"displayName":"Isaac Brock",
             "locale":"en-US","groups":[],"password":"1mz050nq","active":true}""";

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        directory.reset();
    }

    @Test
    void shouldRejectARequestWithoutAValidTokenWithAScimError() throws Exception {
        HttpResponse<String> none = send("GET", "/Users", null, null, null);
        HttpResponse<String> wrong = send("GET", "/Users", "nope", null, null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/scim+json"));
        JsonNode body = JSON.readTree(none.body());
        assertThat(body.path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        assertThat(body.path("status").asText()).isEqualTo("401");
    }

    @Test
    void shouldAnswerAnEmptyListResponseWhenNoUserMatches() throws Exception {
        HttpResponse<String> r = get("/Users?filter=" + enc("userName eq \"isaac@example.com\"") + "&startIndex=1&count=100");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("totalResults").isInt()).isTrue();
        assertThat(body.path("totalResults").asInt()).isZero();
        assertThat(body.path("Resources").isArray()).isTrue();
        assertThat(body.path("Resources")).isEmpty();
        assertThat(body.path("schemas").get(0).asText()).isEqualTo(ScimJson.LIST_SCHEMA);
    }

    @Test
    void shouldCreateAUserAndNeverKeepThePassword() throws Exception {
        HttpResponse<String> r = send("POST", "/Users", "token-a", "application/scim+json; charset=utf-8", OKTA_CREATE);

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode user = JSON.readTree(r.body());
        String id = user.path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(user.has("password")).isFalse();
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.path("meta").path("resourceType").asText()).isEqualTo("User");
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/Users/" + id));
        assertThat(r.headers().firstValue("ETag")).contains("W/\"1\"");
        assertThat(directory.submitted.get(0).toString()).doesNotContain("1mz050nq");
    }

    @Test
    void shouldAnswerADuplicateUserNameWith409Uniqueness() throws Exception {
        send("POST", "/Users", "token-a", "application/json", OKTA_CREATE);

        HttpResponse<String> r = send("POST", "/Users", "token-a", "application/json",
                OKTA_CREATE.replace("isaac@example.com", "ISAAC@example.com"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(r.body()).path("scimType").asText()).isEqualTo("uniqueness");
    }

    @Test
    void shouldDeactivateWithOktasPathlessReplace() throws Exception {
        String id = create();

        HttpResponse<String> r = send("PATCH", "/Users/" + id, "token-a", "application/scim+json", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("active").asBoolean()).isFalse();
        assertThat(JSON.readTree(get("/Users/" + id).body()).path("active").asBoolean()).isFalse();
        assertThat(JSON.readTree(r.body()).path("name").path("givenName").asText()).isEqualTo("Isaac");
    }

    @Test
    void shouldDeactivateWithEntrasCapitalisedOpAndStringBoolean() throws Exception {
        String id = create();

        HttpResponse<String> r = send("PATCH", "/Users/" + id, "token-a", null, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("active").asBoolean()).isFalse();
    }

    @Test
    void shouldReplaceAUserWithPut() throws Exception {
        String id = create();
        String changed = OKTA_CREATE.replace("\"Isaac Brock\"", "\"Isaac B.\"");

        HttpResponse<String> r = send("PUT", "/Users/" + id, "token-a", "application/scim+json", changed);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("displayName").asText()).isEqualTo("Isaac B.");
        assertThat(r.headers().firstValue("ETag")).contains("W/\"2\"");
    }

    @Test
    void shouldAnswer412WhenIfMatchIsStale() throws Exception {
        String id = create();

        HttpResponse<String> r = send("PUT", "/Users/" + id, "token-a", "application/scim+json", OKTA_CREATE,
                "If-Match", "W/\"7\"");

        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(send("DELETE", "/Users/" + id, "token-a", null, null, "If-Match", "W/\"7\"").statusCode())
                .isEqualTo(412);
        assertThat(directory.submitted).as("a stale If-Match puts nothing on the log").hasSize(1);
        assertThat(get("/Users/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDeleteAUserAndThenNotFindIt() throws Exception {
        String id = create();

        assertThat(send("DELETE", "/Users/" + id, "token-a", null, null).statusCode()).isEqualTo(204);
        HttpResponse<String> r = get("/Users/" + id);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("404");
    }

    @Test
    void shouldNeverShowAUserToAnotherDirectorysToken() throws Exception {
        String id = create();

        assertThat(send("GET", "/Users/" + id, "token-b", null, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/Users/" + id, "token-b", null, null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/Users/" + id, "token-b", "application/scim+json", OKTA_CREATE).statusCode())
                .isEqualTo(404);
        assertThat(send("PATCH", "/Users/" + id, "token-b", "application/scim+json",
                "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}").statusCode())
                .isEqualTo(404);
        assertThat(JSON.readTree(send("GET", "/Users", "token-b", null, null).body()).path("totalResults").asInt())
                .isZero();
        assertThat(directory.submitted).as("a write to another directory's user puts nothing on the log").hasSize(1);
        assertThat(JSON.readTree(get("/Users/" + id).body()).path("active").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswerAWriteToAnUnknownIdWith404AndSubmitNothing() throws Exception {
        HttpResponse<String> put = send("PUT", "/Users/no-such-id", "token-a", "application/scim+json", OKTA_CREATE);
        HttpResponse<String> delete = send("DELETE", "/Users/no-such-id", "token-a", null, null);

        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(put.body()).path("status").asText()).isEqualTo("404");
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(directory.submitted).isEmpty();
    }

    @Test
    void shouldRejectBadInputPreciselyAndSubmitNothing() throws Exception {
        HttpResponse<String> malformed = send("POST", "/Users", "token-a", "application/json", "{\"userName\":");
        HttpResponse<String> noUserName = send("POST", "/Users", "token-a", "application/json", "{\"active\":true}");
        HttpResponse<String> notObject = send("POST", "/Users", "token-a", "application/json", "[1,2]");
        HttpResponse<String> deep = send("POST", "/Users", "token-a", "application/json",
                "{\"a\":".repeat(100) + "1" + "}".repeat(100));
        HttpResponse<String> badFilter = get("/Users?filter=" + enc("userName eq"));
        HttpResponse<String> unsupported = get("/Users?filter=" + enc("emails[type eq \"work\""));
        HttpResponse<String> badCount = get("/Users?count=many");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("scimType").asText()).isEqualTo("invalidSyntax");
        assertThat(noUserName.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noUserName.body()).path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(notObject.statusCode()).isEqualTo(400);
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badFilter.body()).path("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unsupported.body()).path("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(badCount.statusCode()).isEqualTo(400);
        assertThat(directory.submitted).isEmpty();
    }

    @Test
    void shouldAnswerEveryMalformedPatchWithA400AndChangeNothing() throws Exception {
        String id = create();
        String[] operations = {
            "[{\"op\":\"Replace\",\"path\":\"phoneNumbers[type eq \\\"work\\\" and primary eq true].value\",\"value\":\"x\"}]",
            "[{\"op\":\"replace\",\"path\":\"userName.first\",\"value\":\"x\"}]",
            "[{\"op\":\"replace\",\"value\":{\"name..givenName\":\"x\"}}]",
            "[{\"op\":\"remove\"}]",
            "[{\"op\":\"move\",\"path\":\"title\"}]",
            "[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}]",
            "[{\"op\":\"remove\",\"path\":\"userName\"}]"};

        for (String ops : operations) {
            HttpResponse<String> r = send("PATCH", "/Users/" + id, "token-a", "application/scim+json",
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + ops + "}");
            assertThat(r.statusCode()).as(ops + " -> " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        }
        assertThat(directory.submitted).hasSize(1);
        assertThat(JSON.readTree(get("/Users/" + id).body()).path("meta").path("version").asText()).isEqualTo("W/\"1\"");
    }

    @Test
    void shouldAnswerUnknownRoutesAndMethodsInScimJson() throws Exception {
        HttpResponse<String> route = get("/Nope");
        HttpResponse<String> method = send("PATCH", "/Users", "token-a", "application/json", "{}");

        assertThat(route.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(route.body()).path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(method.body()).path("status").asText()).isEqualTo("405");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheBackendIsDown() throws Exception {
        directory.unavailable = true;

        HttpResponse<String> r = send("POST", "/Users", "token-a", "application/json", OKTA_CREATE);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("503");
    }

    /** Declared ISO-8859-1: Latin-1 bytes are read as such, and UTF-8 bytes (a common mislabel) as UTF-8. */
    @ParameterizedTest
    @ValueSource(strings = {"ISO-8859-1", "UTF-8"})
    void shouldReadABodyDeclaredInIso88591(String encodedIn) throws Exception {
        byte[] body = OKTA_CREATE.replace("Isaac Brock", "Isaac Bröck").getBytes(Charset.forName(encodedIn));
        HttpRequest request = HttpRequest.newBuilder(uri("/Users"))
                .header("Authorization", "Bearer token-a")
                .header("Content-Type", "application/json; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).path("displayName").asText()).isEqualTo("Isaac Bröck");
    }

    @Test
    void shouldAskForReactivationByExternalIdOnlyForTheDirectoriesConfiguredForIt() throws Exception {
        assertThat(send("POST", "/Users", "token-a", "application/scim+json", OKTA_CREATE).statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/Users", "token-b", "application/scim+json", OKTA_CREATE).statusCode())
                .isEqualTo(201);

        assertThat(directory.submitted).extracting(c -> c.getDirectoryId(),
                        c -> ((io.dirsync.schemas.CreateUser) c.getPayload()).getReactivateByExternalId())
                .containsExactly(tuple("dir-a", false), tuple("dir-b", true));
    }

    private String create() throws Exception {
        HttpResponse<String> r = send("POST", "/Users", "token-a", "application/scim+json", OKTA_CREATE);
        assertThat(r.statusCode()).isEqualTo(201);
        return JSON.readTree(r.body()).path("id").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, "token-a", null, null);
    }

    private HttpResponse<String> send(String method, String path, String token, String contentType, String body,
                                      String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create(server.getURL() + "/scim/v2" + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
