package io.dirsync.ingest.scim;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;

/**
 * Authenticates every SCIM request by its bearer token before anything else runs (RFC 7644 §2);
 * the resolved directory is the only one the request can read or write.
 */
@ServerFilter("/scim/v2/**")
final class ScimAuthFilter {

    static final String DIRECTORY = "dirsync.directory";
    private final TokenRegistry tokens;

    ScimAuthFilter(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        Optional<String> directory = request.getHeaders().getAuthorization()
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(t -> !t.isEmpty())
                .flatMap(tokens::directoryFor);
        if (directory.isEmpty()) {
            return ScimErrors.response(401, null, "a valid bearer token is required")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dirsync\"");
        }
        request.setAttribute(DIRECTORY, directory.get());
        return null;
    }
}
