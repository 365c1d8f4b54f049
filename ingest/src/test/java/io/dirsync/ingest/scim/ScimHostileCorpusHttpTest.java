package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault suite's malformed corpus ({@code Chaos.corpus} in bench, same items in the same order) request by
 * request against the SCIM edge, with the log and the projector replaced by {@link InMemoryDirectory}: each is a
 * 4xx in the SCIM error schema with the precise scimType, submits nothing and leaves the user it aims at as it
 * was. Then the rules behind the items the suite once saw accepted: readOnly PATCH targets, string-typed
 * attributes, declared media types.
 */
@MicronautTest(environments = "test")
class ScimHostileCorpusHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCIM = "application/scim+json";
    private static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":";
    private static final String OWN = "${own}";

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String own;

    /** One request of the corpus; {@code ${own}} in the path is the id of the directory's own user. */
    record Hostile(String token, String method, String path, byte[] body, String contentType) {
        static Hostile post(String body, String contentType) {
            return new Hostile(ScimClient.TOKEN, "POST", "/Users", body.getBytes(StandardCharsets.UTF_8), contentType);
        }

        static Hostile patch(String body) {
            return new Hostile(ScimClient.TOKEN, "PATCH", "/Users/" + OWN, body.getBytes(StandardCharsets.UTF_8),
                    SCIM);
        }

        static Hostile get(String path) {
            return new Hostile(ScimClient.TOKEN, "GET", path, null, null);
        }

        static Hostile filter(String filter) {
            return get("/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void ownUser() {
        directory.reset();
        HttpResponse<String> created = send(Hostile.post("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"own@example.com","title":"T",
                 "emails":[{"type":"work","value":"own@example.com","primary":true}]}""", SCIM));
        assertThat(created.statusCode()).isEqualTo(201);
        own = json(created).path("id").asText();
    }

    static Stream<Arguments> corpus() {
        String create = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                + "\"hostile@chaos.example\",\"active\":true}";
        byte[] invalidUtf8 = {'{', '"', 'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
            '"', '}'};
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("truncated JSON", Hostile.post("{", SCIM), 400, "invalidSyntax"));
        list.add(Arguments.of("not JSON", Hostile.post("not json", SCIM), 400, "invalidSyntax"));
        list.add(Arguments.of("JSON null", Hostile.post("null", SCIM), 400, "invalidSyntax"));
        list.add(Arguments.of("JSON array", Hostile.post("[]", SCIM), 400, "invalidSyntax"));
        list.add(Arguments.of("userName a number", Hostile.post("{\"userName\":42}", SCIM), 400, "invalidValue"));
        list.add(Arguments.of("userName null", Hostile.post("{\"userName\":null}", SCIM), 400, "invalidValue"));
        list.add(Arguments.of("active not a boolean", Hostile.post("{\"active\":\"maybe\",\"userName\":\"a@b\"}", SCIM),
                400, "invalidValue"));
        list.add(Arguments.of("userName empty", Hostile.post("{\"userName\":\"\"}", SCIM), 400, "invalidValue"));
        list.add(Arguments.of("nesting 5000 deep", Hostile.post("[".repeat(5000) + "]".repeat(5000), SCIM), 400,
                "invalidSyntax"));
        list.add(Arguments.of("userName an operator object", Hostile.post("{\"userName\":{\"$ne\":null}}", SCIM), 400,
                "invalidValue"));
        list.add(Arguments.of("2 MB body", Hostile.post("{\"userName\":\"" + "x".repeat(2_000_000) + "\"}", SCIM), 413,
                null));
        list.add(Arguments.of("invalid UTF-8", new Hostile(ScimClient.TOKEN, "POST", "/Users", invalidUtf8, SCIM), 400,
                "invalidSyntax"));
        list.add(Arguments.of("PATCH of id", Hostile.patch(
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]}"), 400, "mutability"));
        list.add(Arguments.of("PATCH of meta.created", Hostile.patch(PATCH_OP
                + "[{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"2000-01-01T00:00:00Z\"}]}"), 400,
                "mutability"));
        list.add(Arguments.of("PATCH op explode", Hostile.patch(PATCH_OP
                + "[{\"op\":\"explode\",\"path\":\"active\",\"value\":false}]}"), 400, "invalidSyntax"));
        list.add(Arguments.of("PATCH path with an unclosed filter", Hostile.patch(PATCH_OP
                + "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"\",\"value\":\"x\"}]}"), 400,
                "invalidPath"));
        list.add(Arguments.of("PATCH Operations a string", Hostile.patch(PATCH_OP + "\"replace\"}"), 400,
                "invalidSyntax"));
        for (String filter : List.of("userName eq", "userName eq \"a\" and", "((((((((((userName eq \"a\"",
                "userName xx \"a\"", "emails[type eq \"work\" and value co \"@\"]]", "a".repeat(10_000) + " eq \"b\"",
                "userName eq \"a\"" + " or userName eq \"a\"".repeat(200))) {
            list.add(Arguments.of("filter " + abbreviate(filter), Hostile.filter(filter), 400, "invalidFilter"));
        }
        list.add(Arguments.of("no token", new Hostile(null, "POST", "/Users", bytes(create), SCIM), 401, null));
        list.add(Arguments.of("wrong token", new Hostile("wrong-" + ScimClient.TOKEN, "POST", "/Users", bytes(create),
                SCIM), 401, null));
        list.add(Arguments.of("token in another case", new Hostile(ScimClient.TOKEN.toUpperCase(java.util.Locale.ROOT),
                "POST", "/Users", bytes(create), SCIM), 401, null));
        list.add(Arguments.of("body declared text/plain", Hostile.post(create, "text/plain"), 415, null));
        list.add(Arguments.of("id ../../etc/passwd", Hostile.get("/Users/..%2F..%2Fetc%2Fpasswd"), 404, null));
        list.add(Arguments.of("id with a NUL", Hostile.get("/Users/" + OWN + "%00"), 404, null));
        list.add(Arguments.of("id naming the projector's search route", Hostile.get("/Users/search"), 404, null));
        list.add(Arguments.of("id with a slash", Hostile.get("/Users/" + OWN + "%2Fgroups"), 404, null));
        list.add(Arguments.of("20,000-byte request line", Hostile.get("/Users?filter=" + "a".repeat(20_000)), 413,
                null));
        list.add(Arguments.of("20,000-byte Authorization header", new Hostile("x".repeat(20_000), "GET", "/Users", null,
                null), 413, null));
        return list.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    void shouldAnswerEveryCorpusItemWithAPreciseScimErrorAndChangeNothing(String name, Hostile request, int status,
                                                                         String scimType) {
        HttpResponse<String> r = send(request);

        assertThat(r.statusCode()).as(name + " -> " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(SCIM));
        JsonNode error = json(r);
        assertThat(error.path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        assertThat(error.path("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(error.path("scimType").asText()).as(error.toString()).isEqualTo(scimType);
        }
        assertThat(directory.submitted).as("only the set-up create").hasSize(1);
        assertThat(ownVersion()).isEqualTo("W/\"1\"");
    }

    @Test
    void shouldRefuseEveryPatchPathNamingAReadOnlyAttributeWithMutability() {
        String[] operations = {
            "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}",
            "{\"op\":\"Replace\",\"path\":\"ID\",\"value\":\"x\"}",
            "{\"op\":\"add\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:User:id\",\"value\":\"x\"}",
            "{\"op\":\"remove\",\"path\":\"meta\"}",
            "{\"op\":\"replace\",\"path\":\"meta.version\",\"value\":\"W/\\\"9\\\"\"}",
            "{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"g1\"}]}",
            "{\"op\":\"replace\",\"value\":{\"meta.lastModified\":\"2000-01-01T00:00:00Z\"}}"};

        for (String op : operations) {
            HttpResponse<String> r = send(Hostile.patch(PATCH_OP + "[" + op + "]}"));
            assertThat(r.statusCode()).as(op + " -> " + r.body()).isEqualTo(400);
            assertThat(json(r).path("scimType").asText()).as(op).isEqualTo("mutability");
        }
        assertThat(directory.submitted).hasSize(1);
        assertThat(ownVersion()).isEqualTo("W/\"1\"");
    }

    @Test
    void shouldIgnoreReadOnlyAttributesInAPathlessValueAsAPutDoes() {
        HttpResponse<String> before = send(Hostile.get("/Users/" + OWN));

        HttpResponse<String> r = send(Hostile.patch(PATCH_OP + "[{\"op\":\"replace\",\"value\":{\"id\":\"not-this\","
                + "\"meta\":{\"created\":\"2000-01-01T00:00:00Z\"},\"title\":\"Engineer\"}}]}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode user = json(r);
        assertThat(user.path("id").asText()).isEqualTo(own);
        assertThat(user.path("title").asText()).isEqualTo("Engineer");
        assertThat(user.path("meta").path("created")).isEqualTo(json(before).path("meta").path("created"));
    }

    @Test
    void shouldRefuseAStringAttributeOfAnotherJsonTypeWithInvalidValue() {
        String[] bodies = {
            "{\"userName\":\"u1\",\"externalId\":7}",
            "{\"userName\":\"u2\",\"displayName\":true}",
            "{\"userName\":\"u3\",\"title\":{\"text\":\"x\"}}",
            "{\"userName\":\"u4\",\"name\":{\"givenName\":[\"x\"]}}",
            "{\"userName\":\"u5\",\"emails\":[{\"value\":1,\"primary\":true}]}",
            "{\"userName\":\"u6\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":3}}"};

        for (String body : bodies) {
            HttpResponse<String> r = send(Hostile.post(body, SCIM));
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(json(r).path("scimType").asText()).as(body).isEqualTo("invalidValue");
        }
        HttpResponse<String> put = send(new Hostile(ScimClient.TOKEN, "PUT", "/Users/" + OWN,
                bytes("{\"userName\":42}"), SCIM));
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(directory.submitted).hasSize(1);
    }

    @Test
    void shouldAnswer415ToABodyDeclaredAsAnythingButJsonAndReadJsonOrUndeclaredBodies() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml",
                "multipart/form-data; boundary=x")) {
            HttpResponse<String> r = send(Hostile.post("{\"userName\":\"typed@example.com\"}", type));
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(json(r).path("status").asText()).isEqualTo("415");
        }
        HttpResponse<String> put = send(new Hostile(ScimClient.TOKEN, "PUT", "/Users/" + OWN,
                bytes("{\"userName\":\"own@example.com\"}"), "text/plain"));
        HttpResponse<String> patch = send(new Hostile(ScimClient.TOKEN, "PATCH", "/Users/" + OWN,
                bytes(PATCH_OP + "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}]}"), "text/plain"));
        assertThat(put.statusCode()).isEqualTo(415);
        assertThat(patch.statusCode()).isEqualTo(415);
        assertThat(directory.submitted).hasSize(1);

        int n = 0;
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", SCIM,
            "application/scim+json; charset=utf-8", null}) {
            HttpResponse<String> r = send(Hostile.post("{\"userName\":\"json" + n++ + "@example.com\"}", type));
            assertThat(r.statusCode()).as(String.valueOf(type)).isEqualTo(201);
        }
    }

    private String ownVersion() {
        return json(send(Hostile.get("/Users/" + OWN))).path("meta").path("version").asText();
    }

    private HttpResponse<String> send(Hostile h) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + "/scim/v2"
                        + h.path().replace(OWN, own == null ? "" : own)))
                .method(h.method(), h.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(h.body()));
        if (h.token() != null) {
            b.header("Authorization", "Bearer " + h.token());
        }
        if (h.body() != null && h.contentType() != null) {
            b.header("Content-Type", h.contentType());
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 30) + "… (" + s.length() + " chars)";
    }
}
