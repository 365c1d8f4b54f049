package io.dirsync.ingest.workos;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code WorkOS-Signature} check: {@code t=<ms since epoch>, v1=<hex>} (fields in any order, with or without
 * spaces; the legacy key {@code s} is read as {@code v1}), where the signature is HMAC-SHA256 with the endpoint
 * secret over {@code <t>.<raw body bytes>}. It runs on the raw bytes before anything is parsed, compares decoded
 * bytes in constant time against every active secret without an early exit, and refuses timestamps further than
 * the tolerance from now in either direction (replays and clocks far ahead alike).
 */
public final class WebhookSignature {

    public static final String HEADER = "WorkOS-Signature";
    private static final int SHA256_BYTES = 32;
    /** Far above any real header; bounds the parsing work an attacker can cause. */
    private static final int MAX_HEADER = 1024;

    /** A header that parsed: its timestamp and the signatures it offers. */
    record Parsed(long timestampMillis, String timestamp, List<byte[]> signatures) {
    }

    private WebhookSignature() {
    }

    /** True only when the header is well formed, timely, and signed by one of {@code secrets} over {@code body}. */
    public static boolean verify(String header, byte[] body, List<Secret> secrets, Instant now, Duration tolerance) {
        Optional<Parsed> parsed = parse(header);
        if (parsed.isEmpty() || secrets.isEmpty()) {
            return false;
        }
        Parsed p = parsed.get();
        if (Math.abs(now.toEpochMilli() - p.timestampMillis()) > tolerance.toMillis()) {
            return false;
        }
        boolean match = false;
        for (Secret secret : secrets) {
            byte[] expected = hmac(secret.bytes(), p.timestamp(), body);
            for (byte[] offered : p.signatures()) {
                // Non-short-circuit OR: the work done does not depend on which secret matched.
                match |= MessageDigest.isEqual(expected, offered);
            }
        }
        return match;
    }

    /** The header WorkOS would send for {@code body} signed at {@code at} with {@code secret}. */
    public static String sign(byte[] body, Secret secret, Instant at) {
        String t = Long.toString(at.toEpochMilli());
        return "t=" + t + ", v1=" + HexFormat.of().formatHex(hmac(secret.bytes(), t, body));
    }

    static Optional<Parsed> parse(String header) {
        if (header == null || header.isEmpty() || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String field : header.split(",")) {
            String f = field.strip();
            int eq = f.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String key = f.substring(0, eq).strip();
            String value = f.substring(eq + 1).strip();
            switch (key) {
                case "t" -> {
                    if (timestamp != null || !value.matches("[0-9]{1,15}")) {
                        return Optional.empty(); // two timestamps are ambiguous: refuse rather than pick one
                    }
                    timestamp = value;
                }
                case "v1", "s" -> {
                    if (value.length() != 2 * SHA256_BYTES || !value.matches("[0-9a-fA-F]+")) {
                        return Optional.empty();
                    }
                    signatures.add(HexFormat.of().parseHex(value));
                }
                default -> {
                    // unknown schemes (a future v2) are ignored, as WorkOS's own SDKs do
                }
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(Long.parseLong(timestamp), timestamp, signatures));
    }

    private static byte[] hmac(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
