package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /prometheus}: SCIM traffic by route and status, without authentication, never an id or a token. */
@MicronautTest(environments = "test")
class MetricsHttpTest {

    @Inject
    EmbeddedServer server;

    @Test
    void shouldCountScimRequestsByRouteAndStatusWithoutTheirIdsOrTokens() {
        ScimClient scim = new ScimClient(server);
        scim.get("/ServiceProviderConfig");
        scim.get("/Users/no-such-user-4711");
        scim.sendTo("GET", "/scim/v2/Users", "wrong-token", null, null);

        HttpResponse<String> metrics = scim.sendTo("GET", "/prometheus", null, null, null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\"/scim/v2/ServiceProviderConfig\"}");
        // Not-found requests share one series whatever their path, so ids never become series.
        assertThat(metrics.body()).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*status=\"404\",uri=\"NOT_FOUND\"}");
        assertThat(metrics.body()).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*status=\"401\",uri=\"/scim/v2/Users\"}");
        assertThat(metrics.body()).doesNotContain("no-such-user-4711", ScimClient.TOKEN, "wrong-token");
    }
}
