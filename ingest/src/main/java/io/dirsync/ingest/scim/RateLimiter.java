package io.dirsync.ingest.scim;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per bearer token, keyed by the token's SHA-256 (never the token): each request takes one
 * token from its bucket, which refills continuously at the configured rate up to its capacity. Only
 * authenticated tokens get a bucket, so the map is bounded by the configured tokens.
 */
@Singleton
final class RateLimiter {

    private final RateLimitConfig config;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    RateLimiter(RateLimitConfig config) {
        this(config, System::nanoTime);
    }

    RateLimiter(RateLimitConfig config, LongSupplier nanos) {
        this.config = config;
        this.nanos = nanos;
    }

    boolean enabled() {
        return config.enabled();
    }

    /** Empty when the request may proceed; else the whole seconds to wait before the next one would (≥ 1). */
    OptionalLong acquire(String tokenHash) {
        return buckets.computeIfAbsent(tokenHash, k -> new Bucket(config.capacity(), nanos.getAsLong()))
                .take(config.requestsPerSecond(), config.capacity(), nanos.getAsLong());
    }

    /** One token's bucket. */
    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized OptionalLong take(double rate, double capacity, long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / rate)));
        }
    }
}
