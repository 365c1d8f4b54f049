package io.dirsync.ingest.scim;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The per-token SCIM rate limit ({@code dirsync.scim.rate-limit.*}, env {@code DIRSYNC_SCIM_RATE_LIMIT_RPS} /
 * {@code _BURST}): a token bucket per bearer token refilled at {@code requestsPerSecond}, holding at most
 * {@code burst} requests. Off when {@code requestsPerSecond} is 0 (the default).
 *
 * @param requestsPerSecond sustained rate per token; 0 turns the limit off
 * @param burst             requests a token may send at once after being idle; 0 means one second's worth
 */
@ConfigurationProperties("dirsync.scim.rate-limit")
public record RateLimitConfig(
        @Bindable(defaultValue = "0") double requestsPerSecond,
        @Bindable(defaultValue = "0") int burst) {

    public boolean enabled() {
        return requestsPerSecond > 0;
    }

    /** The bucket's capacity: the burst, or one second's worth of requests (at least one). */
    public double capacity() {
        return burst > 0 ? burst : Math.max(1, Math.ceil(requestsPerSecond));
    }
}
