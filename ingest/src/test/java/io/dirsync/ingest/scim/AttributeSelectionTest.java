package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeSelectionTest {

    private static final String ENTERPRISE = UserDocuments.ENTERPRISE;
    private static final ObjectNode USER = ScimJson.parseObject("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],"id":"u1","userName":"ada",
             "name":{"givenName":"Ada","familyName":"Lovelace"},
             "emails":[{"value":"ada@example.com","type":"work","primary":true},{"value":"a@home.example","type":"home"}],
             "active":true,"%s":{"department":"Engines","employeeNumber":"1815"},
             "meta":{"resourceType":"User","version":"W/\\"1\\""}}""".formatted(ENTERPRISE, ENTERPRISE));

    @Test
    void shouldReturnEverythingWhenNothingIsSelected() throws Exception {
        assertThat(AttributeSelection.fromQuery(null, " ").apply(USER)).isEqualTo(USER);
    }

    @Test
    void shouldKeepSubAttributesOfEveryValueOfAMultiValuedAttribute() throws Exception {
        ObjectNode out = AttributeSelection.fromQuery("emails.VALUE", null).apply(USER);

        assertThat(out.path("emails")).hasSize(2);
        assertThat(out.path("emails").get(1).fieldNames()).toIterable().containsExactly("value");
        assertThat(out.fieldNames()).toIterable().containsExactly("schemas", "id", "emails", "meta");
    }

    @Test
    void shouldSelectTheWholeAttributeWhenBothItAndASubAttributeAreNamed() throws Exception {
        ObjectNode out = AttributeSelection.of(List.of("name.givenName", "name"), null).apply(USER);

        assertThat(out.path("name")).isEqualTo(USER.path("name"));
    }

    @Test
    void shouldReadCoreAndExtensionUrnPrefixes() throws Exception {
        ObjectNode out = AttributeSelection.fromQuery(
                "urn:ietf:params:scim:schemas:core:2.0:User:userName," + ENTERPRISE.toUpperCase() + ":employeeNumber",
                null).apply(USER);

        assertThat(out.path("userName").asText()).isEqualTo("ada");
        assertThat(out.path(ENTERPRISE).fieldNames()).toIterable().containsExactly("employeeNumber");
        assertThat(out.has("name")).isFalse();
    }

    @Test
    void shouldSelectAWholeExtensionByItsUrn() throws Exception {
        assertThat(AttributeSelection.fromQuery(ENTERPRISE, null).apply(USER).path(ENTERPRISE))
                .isEqualTo(USER.path(ENTERPRISE));
        assertThat(AttributeSelection.fromQuery(null, ENTERPRISE).apply(USER).has(ENTERPRISE)).isFalse();
    }

    @Test
    void shouldDropWhatAnExclusionLeavesEmpty() throws Exception {
        ObjectNode out = AttributeSelection.fromQuery(null,
                "name.givenName,name.familyName," + ENTERPRISE + ":department").apply(USER);

        assertThat(out.has("name")).isFalse();
        assertThat(out.path(ENTERPRISE).fieldNames()).toIterable().containsExactly("employeeNumber");
        assertThat(out.path("active").asBoolean()).isTrue();
    }

    @Test
    void shouldNeverSelectAwayIdSchemasOrMeta() throws Exception {
        ObjectNode out = AttributeSelection.fromQuery(null, "id,schemas,meta,userName").apply(USER);

        assertThat(out.path("id").asText()).isEqualTo("u1");
        assertThat(out.has("schemas")).isTrue();
        assertThat(out.has("meta")).isTrue();
        assertThat(out.has("userName")).isFalse();
    }

    @Test
    void shouldRefuseBothParametersAndNamesThatAreNotAttributes() {
        assertThatThrownBy(() -> AttributeSelection.fromQuery("userName", "name"))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> AttributeSelection.fromQuery("a.b.c", null))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> AttributeSelection.fromQuery("emails[type eq \"work\"].value", null))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> AttributeSelection.fromQuery("user name", null))
                .isInstanceOf(BadRequestException.class);
    }
}
