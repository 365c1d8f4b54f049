package io.dirsync.ingest.workos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential (WorkOS API key or webhook secret) held as bytes. It never renders itself: {@link #toString()}
 * is a mask, so a secret that reaches a log line, an exception or a debugger shows nothing. Comparison is
 * constant-time.
 */
public final class Secret {

    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The raw bytes, for HMAC keys; callers must not keep or print them. */
    byte[] bytes() {
        return value.clone();
    }

    /** The value as text, for an Authorization header; callers must not keep or print it. */
    String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Constant-time comparison of the values. */
    public boolean matches(Secret other) {
        return other != null && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && matches(other);
    }

    @Override
    public int hashCode() {
        return 0; // a hash of the value would leak information about it
    }

    @Override
    public String toString() {
        return "****";
    }
}
