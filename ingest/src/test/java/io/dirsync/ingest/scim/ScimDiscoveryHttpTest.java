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

/** The discovery endpoints (RFC 7644 §4) and the endpoints advertised as unsupported, over real HTTP. */
@MicronautTest(environments = "test")
class ScimDiscoveryHttpTest {

    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @Inject
    EmbeddedServer server;

    private ScimClient scim;

    @BeforeEach
    void client() {
        scim = new ScimClient(server);
    }

    @Test
    void shouldAdvertiseExactlyWhatIsImplementedInServiceProviderConfig() {
        HttpResponse<String> r = scim.get("/ServiceProviderConfig");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/scim+json"));
        JsonNode config = json(r);
        assertThat(config.path("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(config.path("bulk").path("maxOperations").asInt()).isZero();
        assertThat(config.path("bulk").path("maxPayloadSize").asInt()).isEqualTo(1048576);
        assertThat(config.path("filter").path("supported").asBoolean()).isTrue();
        assertThat(config.path("filter").path("maxResults").asInt()).isEqualTo(UsersController.MAX_COUNT);
        assertThat(config.path("changePassword").path("supported").asBoolean()).isFalse();
        assertThat(config.path("sort").path("supported").asBoolean()).isTrue();
        assertThat(config.path("etag").path("supported").asBoolean()).isTrue();
        JsonNode scheme = config.path("authenticationSchemes").get(0);
        assertThat(scheme.path("type").asText()).isEqualTo("oauthbearertoken");
        assertThat(scheme.path("primary").asBoolean()).isTrue();
        assertThat(config.path("meta").path("resourceType").asText()).isEqualTo("ServiceProviderConfig");
        assertThat(config.path("meta").path("location").asText()).endsWith("/scim/v2/ServiceProviderConfig");
    }

    @Test
    void shouldListUserFirstWithTheOptionalEnterpriseExtensionThenGroup() {
        JsonNode list = json(scim.get("/ResourceTypes"));

        assertThat(list.path("schemas").get(0).asText()).isEqualTo(ScimJson.LIST_SCHEMA);
        assertThat(list.path("totalResults").asInt()).isEqualTo(2);
        assertThat(list.path("Resources").get(1).path("endpoint").asText()).isEqualTo("/Groups");
        assertThat(list.path("Resources").get(1).path("schema").asText()).isEqualTo(GROUP);
        JsonNode user = list.path("Resources").get(0);
        assertThat(user.path("id").asText()).isEqualTo("User");
        assertThat(user.path("endpoint").asText()).isEqualTo("/Users");
        assertThat(user.path("schema").asText()).isEqualTo(USER);
        assertThat(user.path("schemaExtensions").get(0).path("schema").asText()).isEqualTo(ENTERPRISE);
        assertThat(user.path("schemaExtensions").get(0).path("required").asBoolean()).isFalse();
        assertThat(user.path("meta").path("location").asText()).endsWith("/scim/v2/ResourceTypes/User");
    }

    @Test
    void shouldServeTheUserResourceTypeByNameInAnyCase() {
        HttpResponse<String> exact = scim.get("/ResourceTypes/User");
        HttpResponse<String> lower = scim.get("/resourcetypes/user");

        assertThat(exact.statusCode()).isEqualTo(200);
        assertThat(json(exact).path("name").asText()).isEqualTo("User");
        assertThat(lower.statusCode()).isEqualTo(200);
        assertThat(json(lower)).isEqualTo(json(exact));
    }

    @Test
    void shouldListTheCoreUserEnterpriseAndGroupSchemasWithTheirRfcDescriptions() {
        JsonNode list = json(scim.get("/Schemas"));

        assertThat(list.path("totalResults").asInt()).isEqualTo(3);
        assertThat(list.path("Resources")).extracting(s -> s.path("id").asText())
                .containsExactly(USER, ENTERPRISE, GROUP);
        assertThat(attribute(list.path("Resources").get(2), "members").path("description").asText())
                .startsWith("A list of members of the Group");
        JsonNode user = list.path("Resources").get(0);
        assertThat(user.path("description").asText()).isEqualTo("User Account");
        JsonNode userName = attribute(user, "userName");
        assertThat(userName.path("required").asBoolean()).isTrue();
        assertThat(userName.path("uniqueness").asText()).isEqualTo("server");
        assertThat(userName.path("description").asText()).startsWith("Unique identifier for the User");
        assertThat(attribute(user, "password").path("returned").asText()).isEqualTo("never");
        assertThat(attribute(user, "name").path("subAttributes")).extracting(s -> s.path("name").asText())
                .contains("givenName", "familyName");
        assertThat(user.path("meta").path("resourceType").asText()).isEqualTo("Schema");
        JsonNode manager = attribute(list.path("Resources").get(1), "manager");
        assertThat(manager.path("subAttributes")).allSatisfy(s -> assertThat(s.path("required").asBoolean()).isFalse());
    }

    @Test
    void shouldServeOneSchemaByItsUrn() {
        HttpResponse<String> r = scim.get("/Schemas/" + ENTERPRISE);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode schema = json(r);
        assertThat(schema.path("id").asText()).isEqualTo(ENTERPRISE);
        assertThat(attribute(schema, "department").path("description").asText())
                .isEqualTo("Identifies the name of a department.");
        assertThat(schema.path("meta").path("location").asText()).endsWith("/scim/v2/Schemas/" + ENTERPRISE);
    }

    @Test
    void shouldAnswer404ForAnUnknownResourceTypeOrSchema() {
        HttpResponse<String> group = scim.get("/ResourceTypes/Role");
        HttpResponse<String> schema = scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Role");

        assertThat(group.statusCode()).isEqualTo(404);
        assertThat(json(group).path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        assertThat(schema.statusCode()).isEqualTo(404);
        assertThat(json(schema).path("status").asText()).isEqualTo("404");
    }

    @Test
    void shouldRefuseAFilterOnADiscoveryListWith403() {
        HttpResponse<String> r = scim.get("/Schemas?filter=" + enc("id eq \"" + USER + "\""));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).path("status").asText()).isEqualTo("403");
    }

    @Test
    void shouldRequireTheBearerTokenOnDiscoveryEndpoints() {
        HttpResponse<String> r = scim.sendTo("GET", "/scim/v2/ServiceProviderConfig", null, null, null);

        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAnswer501ToMeAndBulkWhateverTheMethod() {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            answers.add(scim.send(method, "/Me", "application/scim+json", body));
            answers.add(scim.send(method, "/Bulk", "application/scim+json", body));
        }
        answers.add(scim.send("POST", "/bulk", null, "{}"));

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(501);
            assertThat(json(r).path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
            assertThat(json(r).path("status").asText()).isEqualTo("501");
        });
    }

    private static JsonNode attribute(JsonNode schema, String name) {
        for (JsonNode attribute : schema.path("attributes")) {
            if (attribute.path("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + name + " in " + schema.path("id").asText());
    }
}
