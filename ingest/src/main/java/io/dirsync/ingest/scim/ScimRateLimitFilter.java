package io.dirsync.ingest.scim;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The per-token rate limit: over its rate a valid token gets 429 in the SCIM error schema with
 * {@code Retry-After} (RFC 6585 §4, which Entra honours), and nothing behind the filter runs. Only a token the
 * {@link TokenRegistry} accepts is counted, so a bad or missing one is still {@link ScimAuthFilter}'s 401 and
 * cannot grow the bucket map.
 */
@ServerFilter("/scim/v2/**")
final class ScimRateLimitFilter {

    private final RateLimiter limiter;
    private final TokenRegistry tokens;

    ScimRateLimitFilter(RateLimiter limiter, TokenRegistry tokens) {
        this.limiter = limiter;
        this.tokens = tokens;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        if (!limiter.enabled()) {
            return null;
        }
        Optional<String> token = request.getHeaders().getAuthorization()
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(t -> !t.isEmpty());
        // Whichever filter runs first, an unknown token is left to the auth filter's 401.
        if (token.isEmpty() || (request.getAttribute(ScimAuthFilter.DIRECTORY).isEmpty()
                && tokens.directoryFor(token.get()).isEmpty())) {
            return null;
        }
        OptionalLong wait = limiter.acquire(HexFormat.of().formatHex(TokenRegistry.sha256(token.get())));
        if (wait.isEmpty()) {
            return null;
        }
        return ScimErrors.response(429, null, "too many requests for this token; retry after "
                + wait.getAsLong() + " s").header("Retry-After", Long.toString(wait.getAsLong()));
    }
}
