package io.dirsync.ingest.scim;

import static io.dirsync.ingest.scim.ScimClient.fixture;
import static io.dirsync.ingest.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /Groups} as Okta, Entra (both dialects) and RFC-strict clients drive it, from the recorded request
 * bodies under {@code fixtures/okta} and {@code fixtures/entra}, and the errors a client gets for bad input.
 */
@MicronautTest(environments = "test")
class ScimGroupsHttpTest {

    private static final String SCIM = "application/scim+json";

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;
    @Inject
    InMemoryGroups groups;

    private ScimClient scim;
    private String ada;
    private String bob;

    @BeforeEach
    void users() {
        directory.reset();
        scim = new ScimClient(server);
        ada = user("ada@example.com", "Ada Lovelace");
        bob = user("bob@example.com", "Bob Moog");
    }

    @Test
    void shouldFollowOktasGroupPushFromEmptyGroupToUnlink() {
        HttpResponse<String> created = scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json"));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location")).get().asString().endsWith("/Groups/" + id);
        assertThat(json(created).path("members")).isEmpty();

        assertThat(patch(id, "okta/add-members.json").statusCode()).isEqualTo(204);
        assertThat(memberIds(id)).containsExactlyInAnyOrder(ada, bob);
        assertThat(json(scim.get("/Groups/" + id)).path("members").findValuesAsText("display"))
                .containsExactlyInAnyOrder("Ada Lovelace", "Bob Moog");

        assertThat(patch(id, "okta/remove-member.json").statusCode()).isEqualTo(204);
        assertThat(memberIds(id)).containsExactly(ada);

        assertThat(patch(id, "okta/replace-members.json").statusCode()).isEqualTo(204);
        JsonNode group = json(scim.get("/Groups/" + id));
        assertThat(group.path("displayName").asText()).isEqualTo("Engineering Team");
        assertThat(memberIds(id)).containsExactly(bob);

        assertThat(scim.send("DELETE", "/Groups/" + id, null, null).statusCode()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldFindAGroupByDisplayNameAndAnswerAnUnknownOneWithAnEmptyList() {
        scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json"));

        JsonNode found = json(scim.get("/Groups?filter=" + encode("displayName eq \"engineering\"")));
        JsonNode none = json(scim.get("/Groups?filter=" + encode("displayName eq \"0d5f8c4e-random\"")));

        assertThat(found.path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.path("Resources").get(0).path("displayName").asText()).isEqualTo("Engineering");
        assertThat(none.path("totalResults").asInt()).isZero();
        assertThat(none.path("Resources").isArray()).isTrue();
        assertThat(none.path("Resources")).isEmpty();
    }

    @Test
    void shouldAddAndRemoveByValueInEntrasDefaultDialect() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("entra/create-group.json"))).path("id").asText();

        assertThat(patch(id, "entra/add-member.json").statusCode()).isEqualTo(204);
        assertThat(patch(id, "entra/remove-member.json").statusCode()).isEqualTo(204);
        assertThat(patch(id, "entra/rename-group.json").statusCode()).isEqualTo(204);

        assertThat(memberIds(id)).containsExactly(bob);
        JsonNode group = json(scim.get("/Groups/" + id));
        assertThat(group.path("displayName").asText()).isEqualTo("Sales EMEA");
        assertThat(group.path("externalId").asText()).isEqualTo("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
        assertThat(group.path("schemas").toString()).contains("ADSCIM/Group");

        // Cleared in Entra: a null is the same as unassigned (RFC 7643 §2.5).
        assertThat(scim.send("PATCH", "/Groups/" + id, SCIM, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"externalId","value":null}]}""").statusCode()).isEqualTo(204);
        assertThat(json(scim.get("/Groups/" + id)).has("externalId")).isFalse();
    }

    @Test
    void shouldRemoveAFilteredMemberInEntrasCompliantDialect() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("entra/create-group.json"))).path("id").asText();
        patch(id, "entra/add-member.json");

        assertThat(patch(id, "entra/aadoptscim062020-remove-member.json").statusCode()).isEqualTo(204);

        assertThat(memberIds(id)).containsExactly(ada);
    }

    @Test
    void shouldNotEvenLoadMembersWhenTheyAreExcluded() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("entra/create-group.json"))).path("id").asText();
        patch(id, "entra/add-member.json");
        groups.memberReads = 0;

        JsonNode one = json(scim.get("/Groups/" + id + "?excludedAttributes=members"));
        JsonNode list = json(scim.get("/Groups?excludedAttributes=members&filter="
                + encode("displayName eq \"Sales\"")));

        assertThat(one.has("members")).isFalse();
        assertThat(one.path("displayName").asText()).isEqualTo("Sales");
        assertThat(list.path("Resources").get(0).has("members")).isFalse();
        assertThat(groups.memberReads).isZero();
    }

    @Test
    void shouldReplaceTheWholeGroupOnPut() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json"))).path("id").asText();
        patch(id, "okta/add-members.json");

        HttpResponse<String> put = scim.send("PUT", "/Groups/" + id, SCIM,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Eng\","
                        + "\"members\":[{\"value\":\"" + ada + "\"}]}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).path("members").findValuesAsText("value")).containsExactly(ada);
        assertThat(json(put).path("meta").path("version").asText()).isEqualTo("W/\"3\"");
    }

    @Test
    void shouldAnswerBadGroupInputPreciselyAndWriteNothing() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json"))).path("id").asText();
        int before = groups.submitted.size();

        assertError(scim.send("POST", "/Groups", SCIM, "{\"members\":[]}"), 400, "invalidValue");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM, ops("{\"op\":\"remove\"}")), 400, "noTarget");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"replace\",\"path\":\"owner\",\"value\":\"x\"}")), 400, "invalidPath");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"remove\",\"path\":\"members[display co \\\"x\\\"]\"}")), 400, "invalidFilter");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"display\":\"no value\"}]}")), 400, "invalidValue");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ada + "\"}]}");
        }
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM, ops(String.join(",", many))), 400, "tooMany");
        assertThat(groups.submitted).hasSize(before);

        assertError(scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json")), 409, "uniqueness");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"no-such-user\"}]}")), 400, "invalidValue");
        assertThat(scim.send("PATCH", "/Groups/no-such-group", SCIM, fixture("entra/rename-group.json")).statusCode())
                .isEqualTo(404);
        assertThat(scim.send("PATCH", "/Groups/" + id, SCIM, fixture("entra/rename-group.json"), "If-Match", "W/\"9\"")
                .statusCode()).isEqualTo(412);
        assertThat(memberIds(id)).isEmpty();
    }

    @Test
    void shouldFilterAndSortGroupsWithTheFullGrammar() {
        for (String name : List.of("Engineering", "Engines", "Sales")) {
            scim.send("POST", "/Groups", SCIM, "{\"displayName\":\"" + name + "\"}");
        }

        JsonNode found = json(scim.get("/Groups?filter=" + encode("displayName sw \"eng\"")
                + "&sortBy=displayName&sortOrder=descending&excludedAttributes=members"));

        assertThat(found.path("Resources").findValuesAsText("displayName")).containsExactly("Engines", "Engineering");
        assertError(scim.get("/Groups?filter=" + encode("displayName sw")), 400, "invalidFilter");
    }

    @Test
    void shouldAnswerPatchAsTheDirectoryIsConfigured() {
        String bUser = json(scim.sendTo("POST", "/scim/v2/Users", "token-b", SCIM,
                "{\"userName\":\"carol@example.com\"}")).path("id").asText();
        String bGroup = json(scim.sendTo("POST", "/scim/v2/Groups", "token-b", SCIM,
                "{\"displayName\":\"B team\"}")).path("id").asText();

        HttpResponse<String> user = scim.sendTo("PATCH", "/scim/v2/Users/" + bUser, "token-b", SCIM,
                ops("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Carol\"}"));
        HttpResponse<String> group = scim.sendTo("PATCH", "/scim/v2/Groups/" + bGroup, "token-b", SCIM,
                ops("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bUser + "\"}]}"));

        assertThat(user.statusCode()).isEqualTo(204);
        assertThat(user.headers().firstValue("ETag")).contains("W/\"2\"");
        assertThat(group.statusCode()).isEqualTo(200);
        assertThat(json(group).path("members").findValuesAsText("value")).containsExactly(bUser);
    }

    @Test
    void shouldRefuseAPatchPathNamingIdOrMetaWithMutabilityYetIgnoreOktasEchoedId() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json"))).path("id").asText();
        assertThat(patch(id, "okta/add-members.json").statusCode()).isEqualTo(204);
        int before = groups.submitted.size();

        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}")), 400, "mutability");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"2000-01-01T00:00:00Z\"}")), 400,
                "mutability");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"remove\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:Group:meta\"}")), 400,
                "mutability");
        assertError(scim.send("PATCH", "/Groups/" + id, SCIM,
                ops("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ada + "\\\"\"}")), 400, "invalidPath");

        assertThat(groups.submitted).hasSize(before);
        assertThat(memberIds(id)).containsExactlyInAnyOrder(ada, bob);
    }

    @Test
    void shouldKeepAnotherDirectorysGroupInvisible() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json"))).path("id").asText();

        HttpResponse<String> other = scim.sendTo("GET", "/scim/v2/Groups/" + id, "token-b", null, null);

        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerAWriteToAnotherDirectorysOrAnUnknownGroupWith404AndSubmitNothing() {
        String id = json(scim.send("POST", "/Groups", SCIM, fixture("okta/create-group.json"))).path("id").asText();
        assertThat(patch(id, "okta/add-members.json").statusCode()).isEqualTo(204);
        int before = groups.submitted.size();
        String foreign = "/scim/v2/Groups/" + id;

        assertThat(scim.sendTo("PATCH", foreign, "token-b", SCIM, fixture("okta/remove-member.json")).statusCode())
                .isEqualTo(404);
        assertThat(scim.sendTo("PUT", foreign, "token-b", SCIM, fixture("okta/create-group.json")).statusCode())
                .isEqualTo(404);
        assertThat(scim.sendTo("DELETE", foreign, "token-b", null, null).statusCode()).isEqualTo(404);
        assertError(scim.send("PATCH", "/Groups/no-such-group", SCIM, fixture("okta/add-members.json")), 404, null);
        assertThat(scim.send("DELETE", "/Groups/" + id, null, null, "If-Match", "W/\"99\"").statusCode())
                .isEqualTo(412);

        assertThat(groups.submitted).as("nothing on the log").hasSize(before);
        assertThat(memberIds(id)).containsExactlyInAnyOrder(ada, bob);
    }

    private void assertError(HttpResponse<String> response, int status, String scimType) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.path("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(body.path("scimType").asText()).isEqualTo(scimType);
        }
    }

    private static String ops(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }

    private HttpResponse<String> patch(String groupId, String fixture) {
        return scim.send("PATCH", "/Groups/" + groupId, "application/scim+json; charset=utf-8", fixture(fixture)
                .replace("${group}", groupId).replace("${ada}", ada).replace("${bob}", bob));
    }

    private List<String> memberIds(String groupId) {
        return json(scim.get("/Groups/" + groupId)).path("members").findValuesAsText("value");
    }

    private String user(String userName, String displayName) {
        HttpResponse<String> created = scim.send("POST", "/Users", SCIM, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"displayName\":\"" + displayName + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).path("id").asText();
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
}
