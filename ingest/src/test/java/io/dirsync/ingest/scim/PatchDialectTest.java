package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchDialectTest {

    private static final String ENTERPRISE = UserDocuments.ENTERPRISE;

    private static ObjectNode user() {
        return ScimJson.parseObject("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada",
                 "name":{"givenName":"Ada","familyName":"Lovelace"},
                 "emails":[{"value":"ada@home.example","type":"home"}],"active":true}""");
    }

    private static ObjectNode patched(String operations) throws ScimException {
        return PatchDialect.parse(ScimJson.parseObject(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}"))
                .applyTo(user());
    }

    @Test
    void shouldSplitDottedAndUrnPrefixedKeysOfAPathlessReplaceIntoPaths() throws Exception {
        ObjectNode out = patched("""
                [{"op":"replace","value":{"title":"Countess","name.givenName":"Augusta",
                  "%s:department":"Engines","urn:ietf:params:scim:schemas:core:2.0:User:displayName":"A. A. L."}}]
                """.formatted(ENTERPRISE));

        assertThat(out.path("title").asText()).isEqualTo("Countess");
        assertThat(out.path("name").path("givenName").asText()).isEqualTo("Augusta");
        assertThat(out.path("name").path("familyName").asText()).isEqualTo("Lovelace");
        assertThat(out.path(ENTERPRISE).path("department").asText()).isEqualTo("Engines");
        assertThat(out.path("displayName").asText()).isEqualTo("A. A. L.");
        assertThat(out.fieldNames()).toIterable().noneMatch(k -> k.contains("givenName") || k.endsWith(":department"));
    }

    @Test
    void shouldSpellTheEnterpriseUrnOfAPathAsItsSchemaDoes() throws Exception {
        ObjectNode out = patched("""
                [{"op":"Add","path":"%s:employeeNumber","value":"1815"}]""".formatted(ENTERPRISE.toLowerCase()));

        assertThat(out.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("1815");
        assertThat(out.path("schemas")).extracting(n -> n.asText()).contains(ENTERPRISE);
    }

    @Test
    void shouldPutEntrasManagerIntoTheEnterpriseExtension() throws Exception {
        ObjectNode out = patched("""
                [{"op":"Add","path":"manager","value":[{"$ref":"../Users/m-1","value":"m-1"}]}]""");

        assertThat(out.has("manager")).isFalse();
        assertThat(out.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo("m-1");
        assertThat(UserDocuments.canonical(out).getManagerId()).isEqualTo("m-1");
    }

    @Test
    void shouldTakeABareStringOnTheEnterpriseManagerPathAsTheManagersId() throws Exception {
        ObjectNode added = patched("""
                [{"op":"Add","path":"%s:manager","value":"m-2"}]""".formatted(ENTERPRISE));
        ObjectNode replaced = patched("""
                [{"op":"replace","value":{"%s:manager":"m-3"}}]""".formatted(ENTERPRISE.toLowerCase()));

        assertThat(added.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo("m-2");
        assertThat(UserDocuments.canonical(added).getManagerId()).isEqualTo("m-2");
        assertThat(replaced.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo("m-3");
        assertThat(UserDocuments.canonical(replaced).getManagerId()).isEqualTo("m-3");
    }

    @Test
    void shouldRemoveTheManagerOnTheEnterprisePathAndKeepTheRestOfTheExtension() throws Exception {
        ObjectNode out = PatchDialect.parse(ScimJson.parseObject("""
                {"Operations":[{"op":"Remove","path":"%s:manager"}]}""".formatted(ENTERPRISE)))
                .applyTo(ScimJson.parseObject("""
                {"userName":"ada","%s":{"department":"Engines","manager":{"value":"m-1"}}}""".formatted(ENTERPRISE)));

        assertThat(out.path(ENTERPRISE).has("manager")).isFalse();
        assertThat(out.path(ENTERPRISE).path("department").asText()).isEqualTo("Engines");
        assertThat(UserDocuments.canonical(out).getManagerId()).isNull();
    }

    @Test
    void shouldResolvePathsAndValueFiltersWithoutCase() throws Exception {
        ObjectNode out = patched("""
                [{"op":"Replace","path":"Name.GivenName","value":"Augusta"},
                 {"op":"Replace","path":"Emails[Type eq \\"home\\"].Value","value":"ada@new.example"},
                 {"op":"Replace","path":"PhoneNumbers[Type eq \\"mobile\\"].Value","value":"+44 7700 900000"},
                 {"op":"Add","path":"%s:Manager.Value","value":"m-4"},
                 {"op":"Add","path":"Addresses","value":[{"Type":"work","Locality":"London","Primary":"True"}]},
                 {"op":"Replace","path":"emails[type eq \\"home\\"].Primary","value":"False"}]
                """.formatted(ENTERPRISE));

        // Compared as text: the SDK builds its values with its own node classes.
        assertThat(ScimJson.parseObject(ScimJson.write(out))).isEqualTo(ScimJson.parseObject("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],"userName":"ada",
                 "name":{"givenName":"Augusta","familyName":"Lovelace"},
                 "emails":[{"value":"ada@new.example","type":"home","primary":false}],"active":true,
                 "phoneNumbers":[{"value":"+44 7700 900000","type":"mobile"}],
                 "%s":{"manager":{"value":"m-4"}},
                 "addresses":[{"type":"work","locality":"London","primary":true}]}"""
                .formatted(ENTERPRISE, ENTERPRISE)));
    }

    @Test
    void shouldRemoveAnAttributeSetToNull() throws Exception {
        ObjectNode out = patched("""
                [{"op":"Replace","path":"name.givenName","value":null},{"op":"Add","path":"emails","value":null}]""");

        assertThat(out.path("name").has("givenName")).isFalse();
        assertThat(out.path("name").path("familyName").asText()).isEqualTo("Lovelace");
        assertThat(out.has("emails")).isFalse();
    }

    @Test
    void shouldClearTheManagerWhenEntraSendsAnEmptyValue() throws Exception {
        ObjectNode out = PatchDialect.parse(ScimJson.parseObject("""
                {"Operations":[{"op":"Replace","path":"manager","value":""}]}""")).applyTo(ScimJson.parseObject("""
                {"userName":"ada","%s":{"manager":{"value":"m-1"}}}""".formatted(ENTERPRISE)));

        assertThat(out.path(ENTERPRISE).has("manager")).isFalse();
    }

    @Test
    void shouldUpsertAValuePathReplaceThatMatchesNothing() throws Exception {
        ObjectNode out = patched("""
                [{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"ada@work.example"}]""");

        assertThat(out.path("emails")).hasSize(2);
        assertThat(out.path("emails").get(1).path("type").asText()).isEqualTo("work");
        assertThat(out.path("emails").get(1).path("value").asText()).isEqualTo("ada@work.example");
    }

    /** With {@code add} too: adding to a single-valued sub-attribute replaces it (RFC 7644 §3.5.2.1). */
    @ParameterizedTest
    @ValueSource(strings = {"replace", "Add"})
    void shouldReplaceInPlaceWhenTheValuePathMatches(String op) throws Exception {
        ObjectNode out = patched("""
                [{"op":"%1$s","path":"emails[type eq \\"home\\"].value","value":"ada@new.example"},
                 {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"ada@work.example"},
                 {"op":"%1$s","path":"emails[type eq \\"work\\"].value","value":"ada@work2.example"}]""".formatted(op));

        assertThat(out.path("emails")).hasSize(2);
        assertThat(out.path("emails").get(0).path("value").asText()).isEqualTo("ada@new.example");
        assertThat(out.path("emails").get(1).path("value").asText()).isEqualTo("ada@work2.example");
    }

    @Test
    void shouldRefuseMalformedOperationsBeforeReadingAnything() {
        for (String operations : new String[]{"[]", "[1]", "[{\"path\":\"title\"}]", "[{\"op\":\"frob\"}]",
                "[{\"op\":\"replace\",\"path\":\"a b\",\"value\":1}]", "[{\"op\":\"replace\",\"value\":\"x\"}]",
                "[{\"op\":\"replace\",\"value\":{\"name..givenName\":\"x\"}}]", "{\"op\":\"add\"}"}) {
            assertThatThrownBy(() -> PatchDialect.parse(ScimJson.parseObject("{\"Operations\":" + operations + "}")))
                    .as(operations)
                    .isInstanceOf(BadRequestException.class);
        }
    }

    @Test
    void shouldAnswerAPathlessRemoveWithNoTarget() {
        assertThatThrownBy(() -> patched("[{\"op\":\"Remove\"}]"))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.getScimError().getScimType()).isEqualTo("noTarget"));
    }

    @Test
    void shouldAnswerAnOperationThatDoesNotFitTheDocumentWith400() {
        assertThatThrownBy(() -> patched("[{\"op\":\"replace\",\"path\":\"userName.x\",\"value\":\"v\"}]"))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> patched("[{\"op\":\"replace\",\"path\":\"phoneNumbers[type eq \\\"work\\\" and "
                + "primary eq true].value\",\"value\":\"555\"}]"))
                .isInstanceOf(BadRequestException.class);
    }
}
