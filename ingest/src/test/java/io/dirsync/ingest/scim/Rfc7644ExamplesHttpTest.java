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
 * The example requests of RFC 7644 §3.3–3.6 that apply to Users and Groups, sent verbatim (fixtures under
 * {@code fixtures/rfc7644}, named by section), and what an RFC-strict client then reads back.
 */
@MicronautTest(environments = "test")
class Rfc7644ExamplesHttpTest {

    private static final String SCIM = "application/scim+json";

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;

    private ScimClient scim;
    private String bjensen;
    private String jsmith;

    @BeforeEach
    void users() {
        directory.reset();
        scim = new ScimClient(server);
        HttpResponse<String> created = scim.send("POST", "/Users", SCIM, fixture("rfc7644/3.3-create-user.json"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).contains("W/\"1\"");
        bjensen = json(created).path("id").asText();
        jsmith = json(scim.send("POST", "/Users", SCIM,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"jsmith\"}"))
                .path("id").asText();
    }

    @Test
    void shouldCreateAndReplaceAUserAsSection3Shows() {
        JsonNode created = json(scim.get("/Users/" + bjensen));
        assertThat(created.path("name").path("formatted").asText()).isEqualTo("Ms. Barbara J Jensen III");
        assertThat(created.path("meta").path("resourceType").asText()).isEqualTo("User");
        assertThat(created.path("meta").path("location").asText()).endsWith("/Users/" + bjensen);

        HttpResponse<String> put = scim.send("PUT", "/Users/" + bjensen, SCIM, user("3.5.1-replace-user.json"));

        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode replaced = json(put);
        assertThat(replaced.path("name").path("middleName").asText()).isEqualTo("Jane");
        assertThat(replaced.path("emails").findValuesAsText("value")).containsExactly("bjensen@example.com",
                "babs@jensen.org");
        assertThat(replaced.path("meta").path("version").asText()).isEqualTo("W/\"2\"");
    }

    @Test
    void shouldApplyTheUserPatchExamples() {
        assertThat(patchUser("3.5.2.1-add-without-path.json").statusCode()).isEqualTo(200);
        JsonNode added = json(scim.get("/Users/" + bjensen));
        // The example spells it "nickname"; names are case-insensitive and the answer spells it as the schema does.
        assertThat(added.path("nickName").asText()).isEqualTo("Babs");
        assertThat(added.path("emails").findValuesAsText("value")).contains("babs@jensen.org");

        assertThat(patchUser("3.5.2.3-replace-without-path.json").statusCode()).isEqualTo(200);
        assertThat(patchUser("3.5.2.2-remove-filtered-email.json").statusCode()).isEqualTo(200);
        JsonNode emails = json(scim.get("/Users/" + bjensen)).path("emails");
        assertThat(emails.findValuesAsText("value")).containsExactly("babs@jensen.org");

        scim.send("PATCH", "/Users/" + bjensen, SCIM, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"add\",\"path\":\"addresses\",\"value\":[{\"type\":\"work\","
                + "\"streetAddress\":\"100 Universal City Plaza\"}]}]}");
        assertThat(patchUser("3.5.2.3-replace-work-address.json").statusCode()).isEqualTo(200);
        assertThat(patchUser("3.5.2.3-replace-street.json").statusCode()).isEqualTo(200);
        JsonNode address = json(scim.get("/Users/" + bjensen)).path("addresses").get(0);
        assertThat(address.path("streetAddress").asText()).isEqualTo("1010 Broadway Ave");
        assertThat(address.path("locality").asText()).isEqualTo("Hollywood");
    }

    @Test
    void shouldApplyTheGroupPatchExamples() {
        String group = json(scim.send("POST", "/Groups", SCIM,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Tour Guides\"}"))
                .path("id").asText();

        assertThat(patchGroup(group, "3.5.2.1-add-member.json").statusCode()).isEqualTo(204);
        assertThat(members(group)).containsExactly(bjensen);
        assertThat(patchGroup(group, "3.5.2.2-remove-member.json").statusCode()).isEqualTo(204);
        assertThat(members(group)).isEmpty();
        assertThat(patchGroup(group, "3.5.2.2-remove-all-then-add.json").statusCode()).isEqualTo(204);
        assertThat(members(group)).containsExactlyInAnyOrder(bjensen, jsmith);
        assertThat(patchGroup(group, "3.5.2.2-remove-all-members.json").statusCode()).isEqualTo(204);
        assertThat(members(group)).isEmpty();
        assertThat(patchGroup(group, "3.5.2.3-replace-members.json").statusCode()).isEqualTo(204);
        assertThat(members(group)).containsExactlyInAnyOrder(bjensen, jsmith);

        assertThat(scim.send("DELETE", "/Groups/" + group, null, null).statusCode()).isEqualTo(204);
        assertThat(scim.send("DELETE", "/Users/" + bjensen, null, null).statusCode()).isEqualTo(204);
        assertThat(scim.get("/Users/" + bjensen).statusCode()).isEqualTo(404);
    }

    private String user(String name) {
        return fixture("rfc7644/" + name).replace("${id}", bjensen).replace("${other}", jsmith);
    }

    private HttpResponse<String> patchUser(String name) {
        return scim.send("PATCH", "/Users/" + bjensen, SCIM, user(name));
    }

    private HttpResponse<String> patchGroup(String group, String name) {
        return scim.send("PATCH", "/Groups/" + group, SCIM, user(name));
    }

    private java.util.List<String> members(String group) {
        return json(scim.get("/Groups/" + group)).path("members").findValuesAsText("value");
    }
}
