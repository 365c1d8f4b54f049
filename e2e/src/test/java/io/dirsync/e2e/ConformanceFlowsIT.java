package io.dirsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request sequences of the two conformance tools identity teams run before they connect an app: Okta's
 * "SCIM 2.0 Spec Test" and the Microsoft Entra SCIM Validator. Each step is sent to the packaged ingest and
 * projector on a real broker and checked for what the tool checks, so the answers come from the real fold and
 * its indexes (case-insensitive userName and displayName, uniqueness, deletion), not from a test double.
 */
class ConformanceFlowsIT {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    // Its own directory: the Okta test reads whichever user the directory lists first. Its externalIds are Okta's
    // immutable user ids, so it is configured to reactivate by them.
    @RegisterExtension
    static final PipelineExtension PIPELINE = PipelineExtension.forDirectory("conformance")
            .withIngestEnv(Map.of("DIRSYNC_SCIM_REACTIVATE_BY_EXTERNAL_ID", "conformance"));

    @Test
    void shouldPassOktasScimSpecTestSequence() throws Exception {
        String seed = "seed." + UUID.randomUUID() + "@example.com";
        assertThat(PIPELINE.scim("POST", "/Users", oktaUser(seed)).status()).isEqualTo(201);

        // "Test Users endpoint": a page of one, integer counters, a user with the attributes Okta maps.
        Pipeline.Response page = PIPELINE.scim("GET", "/Users?count=1&startIndex=1", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("schemas").toString())
                .contains("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(page.body().path("totalResults").isInt()).isTrue();
        assertThat(page.body().path("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(page.body().path("startIndex").asInt()).isEqualTo(1);
        JsonNode first = page.body().path("Resources").get(0);
        assertOktaProfile(first);

        // "Get Users/{id}" of that user.
        Pipeline.Response one = PIPELINE.scim("GET", "/Users/" + first.path("id").asText(), null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("id").asText()).isEqualTo(first.path("id").asText());
        assertOktaProfile(one.body());

        // "Test invalid User by username" and "Make sure random user doesn't exist".
        String userName = "okta." + UUID.randomUUID() + "@example.com";
        assertThat(count("/Users", "userName eq \"invalid-" + UUID.randomUUID() + "@example.com\"")).isZero();
        assertThat(count("/Users", "userName eq \"" + userName + "\"")).isZero();

        // "Create Okta user with realistic values", then "Verify that user was created".
        Pipeline.Response created = PIPELINE.scim("POST", "/Users", oktaUser(userName));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("userName").asText()).isEqualTo(userName);
        assertThat(created.body().path("active").asBoolean()).isTrue();
        assertOktaProfile(created.body());
        Pipeline.Response read = PIPELINE.scim("GET", "/Users/" + created.body().path("id").asText(), null);
        assertThat(read.body().path("userName").asText()).isEqualTo(userName);

        // "Expect failure when recreating user with same values": 409 as a SCIM error.
        Pipeline.Response again = PIPELINE.scim("POST", "/Users", oktaUser(userName));
        assertThat(again.status()).isEqualTo(409);
        assertScimError(again, "409");

        // "Username Case Sensitivity Check".
        assertThat(count("/Users", "userName eq \"" + userName.toUpperCase() + "\"")).isEqualTo(1);

        // "Verify Groups endpoint" (optional in the suite).
        Pipeline.Response groups = PIPELINE.scim("GET", "/Groups", null);
        assertThat(groups.status()).isEqualTo(200);
        assertThat(groups.body().path("Resources").isArray()).isTrue();
        assertThat(groups.body().path("totalResults").isInt()).isTrue();

        // "Check status 404": a random id is a SCIM error, not an empty 200 or a plain-text page.
        Pipeline.Response missing = PIPELINE.scim("GET", "/Users/" + UUID.randomUUID(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertScimError(missing, "404");
    }

    @Test
    void shouldGiveAUserRenamedWhileAwayTheirOwnAccountBackWhenOktaReassignsThem() throws Exception {
        String externalId = "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        String userName = "away." + UUID.randomUUID() + "@example.com";
        String id = id(PIPELINE.scim("POST", "/Users", oktaUser(userName).replace("\"locale\"",
                "\"externalId\":\"" + externalId + "\",\"locale\"")));
        assertThat(PIPELINE.scim("PATCH", "/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":false}}]}"""
                .formatted(PATCH)).status()).isEqualTo(200);

        // Renamed in Okta while unassigned, then assigned again: a POST under the new userName, same Okta id.
        String renamed = "back." + userName;
        Pipeline.Response back = PIPELINE.scim("POST", "/Users", oktaUser(renamed).replace("\"locale\"",
                "\"externalId\":\"" + externalId + "\",\"locale\""));

        assertThat(back.status()).isEqualTo(201);
        assertThat(back.body().path("id").asText()).isEqualTo(id);
        assertThat(back.body().path("userName").asText()).isEqualTo(renamed);
        assertThat(back.body().path("active").asBoolean()).isTrue();
        assertThat(count("/Users", "externalId eq \"" + externalId + "\"")).isEqualTo(1);
    }

    @Test
    void shouldPassTheEntraScimValidatorsUserTests() throws Exception {
        String manager = id(PIPELINE.scim("POST", "/Users",
                oktaUser("boss." + UUID.randomUUID() + "@contoso.example")));
        String userName = "validator." + UUID.randomUUID() + "@contoso.example";
        String externalId = UUID.randomUUID().toString();

        // "Create a new User" with the validator's default attributes.
        Pipeline.Response created = PIPELINE.scim("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
                 "userName":"%s","externalId":"%s","active":true,"displayName":"XKWLCONOGMVT",
                 "title":"Engineer","preferredLanguage":"en-GB",
                 "name":{"formatted":"Sandy Nia","familyName":"Nia","givenName":"Sandy"},
                 "emails":[{"type":"work","value":"sandy@prohaska.example","primary":true}],
                 "phoneNumbers":[{"type":"work","value":"+44 20 7946 0000"},
                                 {"type":"mobile","value":"+44 7700 900000"}],
                 "addresses":[{"type":"work","streetAddress":"1 Main St","locality":"London","region":"LDN",
                               "postalCode":"EC1A 1BB","country":"GB","formatted":"1 Main St, London"}],
                 "%s":{"employeeNumber":"4711","department":"Research","costCenter":"C-1","organization":"Contoso",
                       "division":"Labs"}}""".formatted(ENTERPRISE, userName, externalId, ENTERPRISE));
        assertThat(created.status()).isEqualTo(201);
        String id = id(created);

        // "Retrieve a User by Id": what was sent comes back.
        JsonNode user = PIPELINE.scim("GET", "/Users/" + id, null).body();
        assertThat(user.path("externalId").asText()).isEqualTo(externalId);
        assertThat(user.path("phoneNumbers").findValuesAsText("value")).contains("+44 7700 900000");
        assertThat(user.path("addresses").get(0).path("locality").asText()).isEqualTo("London");
        assertThat(user.path(ENTERPRISE).path("costCenter").asText()).isEqualTo("C-1");

        // Filters on an existing user, the same with another case, on externalId, on the work email as Entra
        // writes it (not RFC grammar), and on a random GUID.
        assertThat(count("/Users", "userName eq \"" + userName + "\"")).isEqualTo(1);
        assertThat(count("/Users", "emails[type eq \"work\"].value eq \"sandy@prohaska.example\"")).isEqualTo(1);
        assertThat(count("/Users", "userName eq \"" + userName.toUpperCase() + "\"")).isEqualTo(1);
        assertThat(count("/Users", "externalId eq \"" + externalId + "\"")).isEqualTo(1);
        assertThat(count("/Users", "userName eq \"" + UUID.randomUUID() + "\"")).isZero();

        // "Patch User - Replace Attributes": one replace per path, value paths and enterprise URN paths included,
        // the manager as a bare id.
        Pipeline.Response patched = PIPELINE.scim("PATCH", "/Users/" + id, """
                {"schemas":["%s"],"Operations":[
                 {"op":"Replace","path":"displayName","value":"QWERTY"},
                 {"op":"Replace","path":"name.familyName","value":"Mohr"},
                 {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"dale@romaguera.example"},
                 {"op":"Replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+44 7700 900001"},
                 {"op":"Replace","path":"addresses[type eq \\"work\\"].locality","value":"Leeds"},
                 {"op":"Replace","path":"title","value":"Principal"},
                 {"op":"Replace","path":"%s:department","value":"Platform"},
                 {"op":"Add","path":"%s:manager","value":"%s"}]}""".formatted(PATCH, ENTERPRISE, ENTERPRISE, manager));
        assertThat(patched.status()).isEqualTo(200);
        user = PIPELINE.scim("GET", "/Users/" + id, null).body();
        assertThat(user.path("displayName").asText()).isEqualTo("QWERTY");
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Mohr");
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Sandy");
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("dale@romaguera.example");
        assertThat(user.path("phoneNumbers").findValuesAsText("value"))
                .containsExactlyInAnyOrder("+44 20 7946 0000", "+44 7700 900001");
        assertThat(user.path("addresses").get(0).path("locality").asText()).isEqualTo("Leeds");
        assertThat(user.path("addresses").get(0).path("postalCode").asText()).isEqualTo("EC1A 1BB");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Platform");
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("4711");
        assertThat(user.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(manager);

        // "Update userName": the new name is found, the old one no longer is.
        String renamed = "renamed." + userName;
        assertThat(PIPELINE.scim("PATCH", "/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"userName","value":"%s"}]}"""
                .formatted(PATCH, renamed)).status()).isEqualTo(200);
        assertThat(count("/Users", "userName eq \"" + renamed + "\"")).isEqualTo(1);
        assertThat(count("/Users", "userName eq \"" + userName + "\"")).isZero();

        // "Disable User": GET and the filter both show active false.
        assertThat(PIPELINE.scim("PATCH", "/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"active","value":false}]}"""
                .formatted(PATCH)).status()).isEqualTo(200);
        assertThat(PIPELINE.scim("GET", "/Users/" + id, null).body().path("active").isBoolean()).isTrue();
        assertThat(PIPELINE.scim("GET", "/Users/" + id, null).body().path("active").asBoolean()).isFalse();
        Pipeline.Response disabled = PIPELINE.scim("GET", "/Users?filter="
                + encode("userName eq \"" + renamed + "\""), null);
        assertThat(disabled.body().path("Resources").get(0).path("active").asBoolean()).isFalse();

        // "Create a duplicate User" of an active user. (The userName of a disabled user re-assigns that user
        // instead, as Okta needs; OktaUserFlowIT covers it.)
        Pipeline.Response duplicate = PIPELINE.scim("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s",
                 "name":{"givenName":"Other","familyName":"Person"},"emails":[{"type":"work","value":"x@y.example"}],
                 "active":true}""".formatted(userName(manager), UUID.randomUUID()));
        assertThat(duplicate.status()).isEqualTo(409);
        assertScimError(duplicate, "409");

        // "Delete a User": 204, then gone from GET and from the filter.
        assertThat(PIPELINE.scim("DELETE", "/Users/" + id, null).status()).isEqualTo(204);
        Pipeline.Response gone = PIPELINE.scim("GET", "/Users/" + id, null);
        assertThat(gone.status()).isEqualTo(404);
        assertScimError(gone, "404");
        assertThat(count("/Users", "userName eq \"" + renamed + "\"")).isZero();
    }

    @Test
    void shouldPassTheEntraScimValidatorsGroupTests() throws Exception {
        String member = id(PIPELINE.scim("POST", "/Users",
                oktaUser("member." + UUID.randomUUID() + "@contoso.example")));
        String name = "Validators " + UUID.randomUUID();

        // "Create a new Group" with no members, as Entra does.
        Pipeline.Response created = PIPELINE.scim("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s",
                 "externalId":"%s","members":[]}""".formatted(name, UUID.randomUUID()));
        assertThat(created.status()).isEqualTo(201);
        String id = id(created);

        // "Retrieve a Group by Id" and "Filter for an existing group", both without members, the filter in
        // another case too.
        Pipeline.Response slim = PIPELINE.scim("GET", "/Groups/" + id + "?excludedAttributes=members", null);
        assertThat(slim.status()).isEqualTo(200);
        assertThat(slim.body().path("displayName").asText()).isEqualTo(name);
        assertThat(slim.body().has("members")).isFalse();
        assertThat(count("/Groups", "displayName eq \"" + name + "\"", "&excludedAttributes=members")).isEqualTo(1);
        assertThat(count("/Groups", "displayName eq \"" + name.toUpperCase() + "\"", "&excludedAttributes=members"))
                .isEqualTo(1);
        assertThat(count("/Groups", "displayName eq \"" + UUID.randomUUID() + "\"", "")).isZero();

        // "Update displayName", "Add Member", "Remove Member": each 204.
        String renamed = "Renamed " + name;
        assertThat(PIPELINE.scim("PATCH", "/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"displayName","value":"%s"}]}"""
                .formatted(PATCH, renamed)).status()).isEqualTo(204);
        assertThat(PIPELINE.scim("PATCH", "/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Add","path":"members","value":[{"value":"%s"}]}]}"""
                .formatted(PATCH, member)).status()).isEqualTo(204);
        JsonNode group = PIPELINE.scim("GET", "/Groups/" + id, null).body();
        assertThat(group.path("displayName").asText()).isEqualTo(renamed);
        assertThat(group.path("members").findValuesAsText("value")).containsExactly(member);
        assertThat(PIPELINE.scim("PATCH", "/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"%s"}]}]}"""
                .formatted(PATCH, member)).status()).isEqualTo(204);
        assertThat(PIPELINE.scim("GET", "/Groups/" + id, null).body().path("members").findValuesAsText("value"))
                .isEmpty();

        // "Create a duplicate Group".
        Pipeline.Response duplicate = PIPELINE.scim("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[]}"""
                .formatted(renamed));
        assertThat(duplicate.status()).isEqualTo(409);
        assertScimError(duplicate, "409");

        // "Delete a Group".
        assertThat(PIPELINE.scim("DELETE", "/Groups/" + id, null).status()).isEqualTo(204);
        assertThat(PIPELINE.scim("GET", "/Groups/" + id, null).status()).isEqualTo(404);
        assertThat(count("/Groups", "displayName eq \"" + renamed + "\"", "")).isZero();
    }

    private static String oktaUser(String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Grace","familyName":"Hopper"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Grace Hopper",
                 "locale":"en-US","groups":[],"password":"1mz050nq","active":true}""".formatted(userName, userName);
    }

    /** What the Okta suite checks on every user it reads. */
    private static void assertOktaProfile(JsonNode user) {
        assertThat(user.path("id").asText()).isNotBlank();
        assertThat(user.path("userName").asText()).isNotBlank();
        assertThat(user.path("name").path("givenName").asText()).isNotBlank();
        assertThat(user.path("name").path("familyName").asText()).isNotBlank();
        assertThat(user.path("emails").get(0).path("value").asText()).isNotBlank();
        assertThat(user.path("active").isBoolean()).isTrue();
        assertThat(user.has("password")).isFalse();
    }

    private static void assertScimError(Pipeline.Response response, String status) {
        assertThat(response.body().path("schemas").toString()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(response.body().path("status").asText()).isEqualTo(status);
        assertThat(response.body().path("detail").asText()).isNotBlank();
    }

    private static int count(String resource, String filter) throws Exception {
        return count(resource, filter, "");
    }

    private static int count(String resource, String filter, String more) throws Exception {
        Pipeline.Response r = PIPELINE.scim("GET", resource + "?filter=" + encode(filter) + more, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("Resources").size()).isEqualTo(r.body().path("totalResults").asInt());
        return r.body().path("totalResults").asInt();
    }

    private static String userName(String id) throws Exception {
        return PIPELINE.scim("GET", "/Users/" + id, null).body().path("userName").asText();
    }

    private static String id(Pipeline.Response created) {
        assertThat(created.status()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
