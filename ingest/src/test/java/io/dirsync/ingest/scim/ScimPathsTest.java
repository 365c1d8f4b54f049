package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScimPathsTest {

    @Test
    void shouldSpellEndpointNamesCanonicallyButLeaveIdsAlone() {
        assertThat(ScimPaths.canonical("/scim/v2/users")).contains("/scim/v2/Users");
        assertThat(ScimPaths.canonical("/scim/v2/USERS/AbC-42")).contains("/scim/v2/Users/AbC-42");
        assertThat(ScimPaths.canonical("/SCIM/V2/serviceproviderconfig")).contains("/scim/v2/ServiceProviderConfig");
        assertThat(ScimPaths.canonical("/scim/v2/schemas/urn:ietf:params:scim:schemas:core:2.0:User"))
                .contains("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(ScimPaths.canonical("/scim/v2/users/.SEARCH")).contains("/scim/v2/Users/.search");
        assertThat(ScimPaths.canonical("/scim/v2/me")).contains("/scim/v2/Me");
    }

    @Test
    void shouldLeaveCanonicalAndForeignPathsUntouched() {
        assertThat(ScimPaths.canonical("/scim/v2/Users")).isEmpty();
        assertThat(ScimPaths.canonical("/scim/v2/Users/.search")).isEmpty();
        assertThat(ScimPaths.canonical("/scim/v2/Nope")).isEmpty();
        assertThat(ScimPaths.canonical("/health")).isEmpty();
        assertThat(ScimPaths.canonical("/scim/v2")).isEmpty();
        assertThat(ScimPaths.canonical(null)).isEmpty();
    }

    @Test
    void shouldSpellTheBaseCanonicallyEvenForAnUnknownEndpoint() {
        assertThat(ScimPaths.canonical("/SCIM/v2/Nope")).contains("/scim/v2/Nope");
    }
}
