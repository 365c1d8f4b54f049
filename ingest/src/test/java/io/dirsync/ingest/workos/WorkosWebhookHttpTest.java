package io.dirsync.ingest.workos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.DirectoryChange;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /workos/webhooks/{environment}} over real HTTP with the broker replaced by {@link InMemoryWorkosSink}:
 * genuine deliveries are written once, every adversarial one is refused with a bare 401 and writes nothing.
 */
@MicronautTest(environments = "test")
@Property(name = "dirsync.workos.environments.prod.webhook-secrets", value = "whsec_prod_old, whsec_prod_new")
@Property(name = "dirsync.workos.environments.staging.webhook-secrets", value = "whsec_staging")
@Property(name = "dirsync.workos.environments.quiet.webhook-secrets", value = "whsec_quiet")
@Property(name = "dirsync.workos.environments.quiet.webhooks", value = "false")
@Property(name = "dirsync.workos.environments.prod.max-body-bytes", value = "4096")
class WorkosWebhookHttpTest {

    private static final Secret PROD = Secret.of("whsec_prod_new");
    private static final String DIR = "directory_01ECAZ4NV9QMV47GW873HDCX74";

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryWorkosSink sink;
    @Inject
    WorkosStats stats;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        sink.reset();
    }

    @Test
    void shouldWriteAVerifiedEventWithTheWorkosEventIdAsChangeId() throws Exception {
        byte[] body = Fixtures.bytes("dsync.user.created");

        HttpResponse<String> r = post("prod", body, WebhookSignature.sign(body, PROD, Instant.now()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sink.appended).extracting(DirectoryChange::getChangeId)
                .endsWith("event_01E1JG7J09H96KYP8HM9B0G5SJ");
        assertThat(sink.appended).allSatisfy(c -> {
            assertThat(c.getSource()).isEqualTo(ChangeSource.WORKOS_WEBHOOK);
            assertThat(c.getDirectoryId()).isEqualTo(DIR);
        });
    }

    @Test
    void shouldAcceptTheOldAndTheNewSecretDuringRotation() throws Exception {
        byte[] body = Fixtures.bytes("dsync.group.created");
        byte[] other = Fixtures.bytes("dsync.group.updated");

        assertThat(post("prod", body, WebhookSignature.sign(body, Secret.of("whsec_prod_old"), Instant.now())).statusCode())
                .isEqualTo(200);
        assertThat(post("prod", other, WebhookSignature.sign(other, PROD, Instant.now())).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseEveryForgedStaleOrMisdirectedDeliveryWithABare401() throws Exception {
        byte[] body = Fixtures.bytes("dsync.user.deleted");
        Instant now = Instant.now();
        byte[] tampered = body.clone();
        int at = new String(body, StandardCharsets.UTF_8).indexOf("5SJ");
        tampered[at] = (byte) '6';
        String valid = WebhookSignature.sign(body, PROD, now);

        Map<String, HttpResponse<String>> attempts = new LinkedHashMap<>();
        attempts.put("absent signature", post("prod", body, null));
        attempts.put("garbage signature", post("prod", body, "t=1, v1=nope"));
        attempts.put("stale timestamp", post("prod", body, WebhookSignature.sign(body, PROD, now.minusSeconds(600))));
        attempts.put("future timestamp", post("prod", body, WebhookSignature.sign(body, PROD, now.plusSeconds(600))));
        attempts.put("one byte changed", post("prod", tampered, valid));
        attempts.put("another environment's secret", post("prod", body,
                WebhookSignature.sign(body, Secret.of("whsec_staging"), now)));
        attempts.put("signature of another environment sent here", post("staging", body, valid));
        attempts.put("unknown environment", post("nope", body, valid));
        attempts.put("webhooks off", post("quiet", body, WebhookSignature.sign(body, Secret.of("whsec_quiet"), now)));
        attempts.put("signature over re-serialised JSON", post("prod", body, WebhookSignature.sign(
                Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(body)), PROD, now)));

        attempts.forEach((what, r) -> {
            assertThat(r.statusCode()).as(what).isEqualTo(401);
            assertThat(r.body()).as(what).doesNotContainIgnoringCase("signature").doesNotContainIgnoringCase("secret")
                    .doesNotContainIgnoringCase("timestamp");
        });
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void shouldRefuseTheFaultSuitesHeaderGamesWithABare401() throws Exception {
        byte[] body = Fixtures.bytes("dsync.user.created");
        Instant now = Instant.now();
        String valid = WebhookSignature.sign(body, PROD, now);
        String v1 = valid.substring(valid.indexOf("v1="));
        byte[] noise = new byte[300];
        new java.util.Random(11).nextBytes(noise);

        Map<String, HttpResponse<String>> attempts = new LinkedHashMap<>();
        attempts.put("a second timestamp after the signed one", post("prod", body, "t=" + now.toEpochMilli() + ", t=1, "
                + v1));
        attempts.put("a second timestamp before the signed one", post("prod", body, "t=1, t=" + now.toEpochMilli()
                + ", " + v1));
        attempts.put("no timestamp", post("prod", body, v1));
        attempts.put("signature shifted by one digit", post("prod", body,
                valid.replace("v1=", "v1=0").substring(0, valid.length())));
        attempts.put("random bytes signed with zeros", post("prod", noise, "t=" + now.toEpochMilli() + ", v1="
                + "0".repeat(64)));

        attempts.forEach((what, r) -> assertThat(r.statusCode()).as(what).isEqualTo(401));
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void shouldWriteAReplayedDeliveryOnlyOnce() throws Exception {
        byte[] body = Fixtures.bytes("dsync.group.user_added");
        String signature = WebhookSignature.sign(body, PROD, Instant.now());

        assertThat(post("prod", body, signature).statusCode()).isEqualTo(200);
        int written = sink.appended.size();
        long replays = stats.get("webhook.replayed");
        assertThat(post("prod", body, signature).statusCode()).isEqualTo(200);

        assertThat(sink.appended).hasSize(written);
        assertThat(stats.get("webhook.replayed")).isEqualTo(replays + 1);
    }

    @Test
    void shouldAcceptAndCountAnUnknownEventTypeWithoutWritingIt() throws Exception {
        byte[] body = Fixtures.bytes("dsync.token.created");
        long before = stats.get("events.unknown-event-type:dsync.token.created");

        assertThat(post("prod", body, WebhookSignature.sign(body, PROD, Instant.now())).statusCode()).isEqualTo(200);

        assertThat(sink.appended).isEmpty();
        assertThat(stats.get("events.unknown-event-type:dsync.token.created")).isEqualTo(before + 1);
        HttpResponse<String> counters = http.send(HttpRequest.newBuilder(uri("/workos/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(counters.body()).contains("\"events.unknown-event-type:dsync.token.created\"");
    }

    @Test
    void shouldAnswer503WhenTheBrokerDoesNotAcknowledgeSoThatWorkosRetries() throws Exception {
        byte[] body = Fixtures.bytes("dsync.user.updated-inactive");
        sink.unavailable = true;

        HttpResponse<String> down = post("prod", body, WebhookSignature.sign(body, PROD, Instant.now()));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();

        sink.unavailable = false;
        HttpResponse<String> retried = post("prod", body, WebhookSignature.sign(body, PROD, Instant.now().plusMillis(1)));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(sink.appended).extracting(DirectoryChange::getChangeId).contains("event_01E1JG7J09H96KYP8HM9B0G5SK");
    }

    @Test
    void shouldRefuseAnOversizedBodyAndASignedBodyThatIsNotAnEvent() throws Exception {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) ' ');
        byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
        byte[] notEvent = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(post("prod", big, WebhookSignature.sign(big, PROD, Instant.now())).statusCode()).isEqualTo(413);
        assertThat(post("prod", notJson, WebhookSignature.sign(notJson, PROD, Instant.now())).statusCode()).isEqualTo(400);
        assertThat(post("prod", notEvent, WebhookSignature.sign(notEvent, PROD, Instant.now())).statusCode()).isEqualTo(400);
        assertThat(sink.appended).isEmpty();
    }

    private HttpResponse<String> post(String environment, byte[] body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/workos/webhooks/" + environment))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header("WorkOS-Signature", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }
}
