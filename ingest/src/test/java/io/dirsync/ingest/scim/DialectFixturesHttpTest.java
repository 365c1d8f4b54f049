package io.dirsync.ingest.scim;

import static io.dirsync.ingest.scim.ScimClient.fixture;
import static io.dirsync.ingest.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every recorded IdP request body under {@code fixtures/okta} and {@code fixtures/entra}, sent as the IdP sends
 * it, and the user a following GET shows. One test per fixture: a dialect change that breaks one shows here.
 */
@MicronautTest(environments = "test")
class DialectFixturesHttpTest {

    private static final String SCIM_JSON = "application/scim+json; charset=utf-8";
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
    void shouldCreateTheUserOktaPostsWithoutKeepingPasswordOrGroups() {
        String id = create("okta/create-user.json", "application/scim+json");

        JsonNode user = json(scim.get("/Users/" + id));

        assertThat(user.path("userName").asText()).isEqualTo("grace.hopper@example.com");
        assertThat(user.path("externalId").asText()).isEqualTo("00u8k2lqvbHf1aZ3x5d7");
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Hopper");
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("grace.hopper@example.com");
        assertThat(user.path("locale").asText()).isEqualTo("en-US");
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.has("password")).isFalse();
        assertThat(user.has("groups")).isFalse();
    }

    @Test
    void shouldReplaceTheWholeUserWhenOktaPutsItBack() {
        String id = create("okta/create-user.json", "application/scim+json");

        HttpResponse<String> put = scim.send("PUT", "/Users/" + id, "application/scim+json",
                fixture("okta/replace-user.json").replace("${id}", id));

        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Murray Hopper");
        assertThat(user.path("displayName").asText()).isEqualTo("Grace Murray Hopper");
        assertThat(user.path("meta").path("version").asText()).isEqualTo("W/\"2\"");
        assertThat(user.path("meta").path("created").asText()).isNotEqualTo("2026-03-02T09:15:00Z");
        assertThat(user.has("password")).isFalse();
    }

    @Test
    void shouldDeactivateWhenOktaPatchesActiveFalse() {
        String id = create("okta/create-user.json", "application/scim+json");

        assertThat(patch(id, "okta/deactivate-user.json", "application/scim+json").statusCode()).isEqualTo(200);

        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("active").isBoolean()).isTrue();
        assertThat(user.path("active").asBoolean()).isFalse();
        assertThat(user.path("displayName").asText()).isEqualTo("Grace Hopper");
    }

    @Test
    void shouldReactivateWhenOktaPatchesActiveTrue() {
        String id = create("okta/create-user.json", "application/scim+json");
        patch(id, "okta/deactivate-user.json", "application/scim+json");

        assertThat(patch(id, "okta/reactivate-user.json", "application/scim+json").statusCode()).isEqualTo(200);

        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.path("meta").path("version").asText()).isEqualTo("W/\"3\"");
    }

    @Test
    void shouldAnswerInTheSchemasSpellingWhatATestToolSendsCapitalised() {
        // Not recorded traffic: built to the capitalised names and string booleans test tools are seen to send.
        String id = create("entra/test-tool-create-user.json", "application/json");

        assertThat(patch(id, "entra/test-tool-update-user.json", "application/json").statusCode()).isEqualTo(200);

        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("userName").asText()).isEqualTo("TestTool@contoso.example");
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Tess");
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Tool-Smith");
        assertThat(user.path("emails")).hasSize(1);
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("tess.smith@contoso.example");
        assertThat(user.path("emails").get(0).path("primary").isBoolean()).isTrue();
        assertThat(user.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo("m-2");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("QA");
        assertThat(ScimJson.write(user)).doesNotContain("\"Name\"", "\"Emails\"", "\"Manager\"", "\"Value\"");
        assertThat(directory.submitted.get(1).toString()).contains("tess.smith@contoso.example", "m-2");
    }

    @Test
    void shouldCreateTheUserEntraPostsWithItsEnterpriseExtension() {
        String id = create("entra/create-user.json", SCIM_JSON);

        JsonNode user = json(scim.get("/Users/" + id));

        assertThat(user.path("userName").asText()).isEqualTo("alan.turing@contoso.example");
        assertThat(user.path("title").asText()).isEqualTo("Researcher");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Cryptanalysis");
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("1912");
        assertThat(user.path("meta").path("location").asText()).endsWith("/Users/" + id);
        assertThat(user.path("active").asBoolean()).isTrue();
    }

    @Test
    void shouldApplyEntrasCapitalisedReplacesOfValuePathSubAttributeAndEnterprisePaths() {
        String id = create("entra/create-user.json", SCIM_JSON);

        HttpResponse<String> r = patch(id, "entra/update-user.json", SCIM_JSON);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("emails")).hasSize(1);
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("a.turing@contoso.example");
        assertThat(user.path("emails").get(0).path("primary").asBoolean()).isTrue();
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Turing-Clarke");
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Alan");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Computing");
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("1912");
        assertThat(directory.submitted.get(1).toString()).contains("a.turing@contoso.example", "Computing");
    }

    @Test
    void shouldAddTheWorkEmailWhenEntraReplacesOneTheUserDoesNotHaveYet() {
        String id = create("entra/create-user-without-mail.json", SCIM_JSON);
        assertThat(json(scim.get("/Users/" + id)).has("emails")).isFalse();

        HttpResponse<String> r = patch(id, "entra/update-user.json", SCIM_JSON);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("emails")).hasSize(1);
        assertThat(user.path("emails").get(0).path("type").asText()).isEqualTo("work");
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("a.turing@contoso.example");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Computing");
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("1917");
    }

    @Test
    void shouldDisableWhenEntraReplacesActiveWithTheStringFalse() {
        String id = create("entra/create-user.json", SCIM_JSON);

        assertThat(patch(id, "entra/disable-user.json", null).statusCode()).isEqualTo(200);

        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("active").isBoolean()).isTrue();
        assertThat(user.path("active").asBoolean()).isFalse();
    }

    @Test
    void shouldApplyAadOptscim062020PathlessReplaceWithDottedAndUrnPrefixedKeys() {
        String id = create("entra/create-user.json", SCIM_JSON);

        HttpResponse<String> r = patch(id, "entra/aadoptscim062020-update-user.json", SCIM_JSON);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("displayName").asText()).isEqualTo("Al Turing");
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Al");
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Turing");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Computing");
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("1954");
        assertThat(user.fieldNames()).toIterable().noneMatch(k -> k.contains(".") && !k.startsWith("urn:"))
                .noneMatch(k -> k.startsWith(ENTERPRISE + ":"));
        assertThat(user.path("schemas")).extracting(JsonNode::asText)
                .containsExactly("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE);
    }

    @Test
    void shouldDisableWhenAadOptscim062020ReplacesActiveWithARealBoolean() {
        String id = create("entra/create-user.json", SCIM_JSON);

        assertThat(patch(id, "entra/aadoptscim062020-disable-user.json", SCIM_JSON).statusCode()).isEqualTo(200);

        assertThat(json(scim.get("/Users/" + id)).path("active").asBoolean()).isFalse();
    }

    private String create(String fixture, String contentType) {
        HttpResponse<String> r = scim.send("POST", "/Users", contentType, fixture(fixture));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    private HttpResponse<String> patch(String id, String fixture, String contentType) {
        HttpResponse<String> r = scim.send("PATCH", "/Users/" + id, contentType, fixture(fixture));
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
        return r;
    }
}
