package io.dirsync.ingest.scim;

import static io.dirsync.ingest.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-token rate limit over real HTTP: beyond the burst a token gets 429 with Retry-After in the SCIM error
 * schema; other tokens are not affected, and an unauthenticated request is still a 401.
 */
@MicronautTest(environments = "test")
@Property(name = "dirsync.scim.rate-limit.requests-per-second", value = "0.01")
@Property(name = "dirsync.scim.rate-limit.burst", value = "3")
class ScimRateLimitHttpTest {

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;
    @Inject
    RateLimitConfig config;

    private ScimClient scim;

    @BeforeEach
    void clean() {
        directory.reset();
        scim = new ScimClient(server);
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceATokensBurstIsSpent() {
        assertThat(config.requestsPerSecond()).isEqualTo(0.01);
        assertThat(config.capacity()).isEqualTo(3);
        List<Integer> statuses = IntStream.range(0, 4).mapToObj(i -> scim.get("/Users").statusCode()).toList();
        HttpResponse<String> limited = scim.get("/Users");
        HttpResponse<String> otherToken = scim.sendTo("GET", "/scim/v2/Users", "token-b", null, null);
        HttpResponse<String> noToken = scim.sendTo("GET", "/scim/v2/Users", null, null, null);

        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(limited.statusCode()).isEqualTo(429);
        // One request per 100 s refills the bucket: the wait is whole seconds, rounded up.
        assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                s -> assertThat(s).isBetween(1L, 100L));
        assertThat(json(limited).path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        assertThat(json(limited).path("status").asText()).isEqualTo("429");
        assertThat(otherToken.statusCode()).isEqualTo(200);
        assertThat(noToken.statusCode()).isEqualTo(401);
    }
}
