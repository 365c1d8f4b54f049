package io.dirsync.ingest.scim;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.execution.ExecutionFlow;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.http.FullHttpRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Routes SCIM endpoint names without regard to case ({@code /scim/v2/users}, {@code /USERS/{id}}, as Entra's
 * test tools send them) by rewriting them to their canonical spelling before the route is matched, so one set
 * of handlers serves every spelling. Only the fixed parts of a path are rewritten: resource ids are opaque and
 * keep their case.
 */
@ServerFilter("/**")
final class ScimPaths {

    static final String BASE = "/scim/v2";
    /** Every endpoint name served under {@link #BASE}, as RFC 7644 §3.2 spells it. */
    private static final List<String> ENDPOINTS = List.of("Users", "ServiceProviderConfig", "ResourceTypes", "Schemas",
            "Me", "Bulk");
    private static final String SEARCH = ".search";

    @PreMatching
    @RequestFilter
    CompletionStage<HttpRequest<?>> canonicalise(HttpRequest<?> request) {
        URI uri = request.getUri();
        Optional<String> canonical = canonical(uri.getRawPath());
        if (canonical.isEmpty()) {
            return CompletableFuture.completedFuture(request);
        }
        URI rewritten = URI.create(canonical.get() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        if (!(request instanceof FullHttpRequest<?> full)) {
            return CompletableFuture.completedFuture(request.mutate().uri(rewritten));
        }
        // Micronaut binds the body of a rewritten (wrapped) request only from a body set on the wrapper, so the
        // body is read first and carried over as bytes (SCIM bodies are small, and every handler reads them whole).
        ExecutionFlow<ByteBuffer<?>> buffering = full.isFull() ? null : full.bufferContents();
        CompletableFuture<ByteBuffer<?>> contents = buffering != null ? buffering.toCompletableFuture()
                : CompletableFuture.completedFuture(full.isFull() ? full.contents() : null);
        return contents.thenApply(body -> body == null ? request.mutate().uri(rewritten)
                : request.mutate().uri(rewritten).body(body.toByteArray()));
    }

    /** The canonical spelling of a raw path, if it differs; empty when it is canonical or not a SCIM path. */
    static Optional<String> canonical(@Nullable String rawPath) {
        if (rawPath == null || !rawPath.regionMatches(true, 0, BASE + "/", 0, BASE.length() + 1)) {
            return Optional.empty();
        }
        String[] segments = rawPath.substring(BASE.length() + 1).split("/", -1);
        Optional<String> endpoint = ENDPOINTS.stream().filter(e -> e.equalsIgnoreCase(segments[0])).findFirst();
        if (endpoint.isEmpty()) {
            return rawPath.startsWith(BASE + "/") ? Optional.empty() : Optional.of(BASE + rawPath.substring(BASE.length()));
        }
        segments[0] = endpoint.get();
        if (segments.length > 1 && segments[0].equals("Users") && segments[1].equalsIgnoreCase(SEARCH)) {
            segments[1] = SEARCH;
        }
        String canonical = BASE + "/" + String.join("/", segments);
        return canonical.equals(rawPath) ? Optional.empty() : Optional.of(canonical);
    }
}
