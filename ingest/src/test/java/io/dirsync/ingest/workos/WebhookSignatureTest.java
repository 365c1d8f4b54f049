package io.dirsync.ingest.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.workos.webhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WorkOS-Signature check on its own, and cross-checked both ways against the official WorkOS Java SDK
 * ({@code com.workos:workos}, test scope): what the SDK signs verifies here, and what dirsync's signer produces
 * verifies in the SDK.
 */
class WebhookSignatureTest {

    private static final Duration TOLERANCE = Duration.ofSeconds(180);
    private static final Secret SECRET = Secret.of("wh_secret_7Jx0rB2vQ");
    private static final Secret OTHER = Secret.of("wh_secret_other_environment");
    private static final byte[] BODY = """
            {"id":"event_01HZX3B7Q5RJ0TQF8Y9W2KD4M1","event":"dsync.user.created","data":{"id":"directory_user_01E1","directory_id":"directory_01E"},"created_at":"2026-03-01T10:00:00.000Z"}"""
            .getBytes(StandardCharsets.UTF_8);

    private final Webhook sdk = new Webhook(new ObjectMapper());

    @Test
    void shouldVerifyAPayloadSignedByTheOfficialSdk() {
        Instant now = Instant.now();
        String t = Long.toString(now.toEpochMilli());
        String sdkSignature = sdk.createSignature(t, new String(BODY, StandardCharsets.UTF_8), "wh_secret_7Jx0rB2vQ");

        assertThat(WebhookSignature.verify("t=" + t + ", v1=" + sdkSignature, BODY, List.of(SECRET), now, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify("t=" + t + ",v1=" + sdkSignature, BODY, List.of(SECRET), now, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify("v1=" + sdkSignature + ", t=" + t, BODY, List.of(SECRET), now, TOLERANCE)).isTrue();
    }

    @Test
    void shouldProduceSignaturesTheOfficialSdkAccepts() {
        String header = WebhookSignature.sign(BODY, SECRET, Instant.now());

        assertThatCode(() -> sdk.constructEvent(new String(BODY, StandardCharsets.UTF_8), header, "wh_secret_7Jx0rB2vQ"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> sdk.constructEvent(new String(BODY, StandardCharsets.UTF_8), header, "wh_secret_other"))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void shouldAcceptAnyActiveSecretDuringRotation() {
        Instant now = Instant.now();
        String header = WebhookSignature.sign(BODY, SECRET, now);

        assertThat(WebhookSignature.verify(header, BODY, List.of(OTHER, SECRET), now, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, List.of(OTHER), now, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify(header, BODY, List.of(), now, TOLERANCE)).isFalse();
    }

    @Test
    void shouldRejectStaleAndFutureTimestamps() {
        Instant now = Instant.now();

        assertThat(WebhookSignature.verify(WebhookSignature.sign(BODY, SECRET, now.minusSeconds(179)), BODY,
                List.of(SECRET), now, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(WebhookSignature.sign(BODY, SECRET, now.minusSeconds(181)), BODY,
                List.of(SECRET), now, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify(WebhookSignature.sign(BODY, SECRET, now.plusSeconds(181)), BODY,
                List.of(SECRET), now, TOLERANCE)).isFalse();
    }

    @Test
    void shouldRejectABodyWithOneByteChanged() {
        Instant now = Instant.now();
        String header = WebhookSignature.sign(BODY, SECRET, now);
        for (int i = 0; i < BODY.length; i += 7) {
            byte[] tampered = BODY.clone();
            tampered[i] ^= 0x01;
            assertThat(WebhookSignature.verify(header, tampered, List.of(SECRET), now, TOLERANCE)).as("byte %d", i).isFalse();
        }
    }

    @Test
    void shouldRejectMalformedHeaders() {
        Instant now = Instant.now();
        String good = WebhookSignature.sign(BODY, SECRET, now);
        String t = good.substring(2, good.indexOf(','));
        String hex = good.substring(good.indexOf("v1=") + 3);
        List<String> bad = List.of("", "garbage", "t=" + t, "v1=" + hex, "t=, v1=" + hex, "t=abc, v1=" + hex,
                "t=" + t + ", v1=" + hex.substring(2), "t=" + t + ", v1=" + hex + "00",
                "t=" + t + ", v1=zz" + hex.substring(2), "t=" + t + ", t=" + t + ", v1=" + hex,
                "t=" + t + ", v1=" + HexFormat.of().formatHex(new byte[32]), "t=" + t + "; v1=" + hex);

        for (String header : bad) {
            assertThat(WebhookSignature.verify(header, BODY, List.of(SECRET), now, TOLERANCE)).as(header).isFalse();
        }
        assertThat(WebhookSignature.verify(null, BODY, List.of(SECRET), now, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify("t=" + t + ", s=" + hex, BODY, List.of(SECRET), now, TOLERANCE))
                .as("legacy s= key").isTrue();
        assertThat(WebhookSignature.verify("t=" + t + ", v1=" + hex.toUpperCase(), BODY, List.of(SECRET), now, TOLERANCE))
                .as("hex is decoded, not compared as text").isTrue();
    }

    @Test
    void shouldNeverRenderASecret() {
        assertThat(SECRET.toString()).isEqualTo("****").doesNotContain("7Jx0");
        assertThat(List.of(SECRET).toString()).doesNotContain("7Jx0");
    }
}
