package io.dirsync.ingest.scim;

import static io.dirsync.ingest.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request bounds: more PATCH operations than the bound is 400 tooMany and changes nothing. */
@MicronautTest(environments = "test")
class ScimLimitsHttpTest {

    private static final String OP = "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}";

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;
    @Inject
    ScimLimits limits;

    private ScimClient scim;

    @BeforeEach
    void clean() {
        directory.reset();
        scim = new ScimClient(server);
    }

    @Test
    void shouldRefuseMoreThanAThousandPatchOperationsAsTooManyAndSubmitNothing() {
        String id = json(scim.send("POST", "/Users", "application/scim+json", "{\"userName\":\"ada\"}")).path("id").asText();
        int submitted = directory.submitted.size();

        HttpResponse<String> r = scim.send("PATCH", "/Users/" + id, "application/scim+json", patch(1001));

        assertThat(limits.maxOperations()).isEqualTo(ScimLimits.DEFAULT_MAX_OPERATIONS);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("scimType").asText()).isEqualTo("tooMany");
        assertThat(json(r).path("detail").asText()).contains("at most 1000");
        assertThat(directory.submitted).hasSize(submitted);
    }

    @Test
    void shouldApplyExactlyAThousandPatchOperations() {
        String id = json(scim.send("POST", "/Users", "application/scim+json", "{\"userName\":\"ada\"}")).path("id").asText();

        HttpResponse<String> r = scim.send("PATCH", "/Users/" + id, "application/scim+json", patch(1000));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("title").asText()).isEqualTo("x");
    }

    private static String patch(int operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + String.join(",", Collections.nCopies(operations, OP)) + "]}";
    }
}
