package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class AttributeNamesTest {

    private static final String ENTERPRISE = UserDocuments.ENTERPRISE;

    @Test
    void shouldSpellEveryKnownNameAsTheSchemaAtEveryLevelAndKeepCustomOnes() throws Exception {
        ObjectNode doc = AttributeNames.document(ScimJson.parseObject("""
                {"Schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"UserName":"ada","ExternalID":"e-1",
                 "Name":{"GivenName":"Ada","FAMILYNAME":"Lovelace"},
                 "Emails":[{"Value":"ada@example.com","Type":"work","Primary":"True"}],
                 "%s":{"Department":"Engines","Manager":{"Value":"m-1"}},
                 "urn:example:custom:1.0:User":{"ShoeSize":"7"}}""".formatted(ENTERPRISE.toLowerCase())),
                AttributeNames.USER);

        assertThat(doc).isEqualTo(ScimJson.parseObject("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada","externalId":"e-1",
                 "name":{"givenName":"Ada","familyName":"Lovelace"},
                 "emails":[{"value":"ada@example.com","type":"work","primary":true}],
                 "%s":{"department":"Engines","manager":{"value":"m-1"}},
                 "urn:example:custom:1.0:User":{"ShoeSize":"7"}}""".formatted(ENTERPRISE)));
    }

    @Test
    void shouldRefuseANameSentTwiceInTwoSpellings() {
        assertThatThrownBy(() -> AttributeNames.document(ScimJson.parseObject("""
                {"userName":"ada","UserName":"eve"}"""), AttributeNames.USER))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.getScimError().getScimType()).isEqualTo("invalidSyntax");
                    assertThat(e.getMessage()).contains("userName");
                });
    }

    @Test
    void shouldKeepTheSchemasSpellingOfANameStoredTwice() {
        ObjectNode stored = AttributeNames.stored(ScimJson.parseObject("""
                {"Emails":[{"value":"old@example.com"}],"emails":[{"value":"new@example.com"}]}"""),
                AttributeNames.USER);

        assertThat(stored.path("emails").get(0).path("value").asText()).isEqualTo("new@example.com");
        assertThat(stored.has("Emails")).isFalse();
    }

    @Test
    void shouldSpellAGroupsNames() throws Exception {
        ObjectNode doc = AttributeNames.document(ScimJson.parseObject("""
                {"DisplayName":"Pilots","EXTERNALID":"g-1"}"""), AttributeNames.GROUP);

        assertThat(doc).isEqualTo(ScimJson.parseObject("""
                {"displayName":"Pilots","externalId":"g-1"}"""));
    }
}
