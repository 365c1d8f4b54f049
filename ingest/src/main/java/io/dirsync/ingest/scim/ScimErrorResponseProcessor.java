package io.dirsync.ingest.scim;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * The body of every error the framework answers by itself, in the SCIM error schema (RFC 7644 §3.12) rather than
 * Micronaut's own JSON, status and headers unchanged: chiefly a request Netty refused while decoding it (a request
 * line beyond {@code micronaut.server.netty.max-initial-line-length}, headers beyond {@code max-header-size}),
 * answered 413 before any route or filter ran. A status route for 413 would do the same for those, but it also
 * captures every 413 a controller returns and stalled the webhook's own bodyless 413.
 */
@Singleton
@Primary
final class ScimErrorResponseProcessor implements ErrorResponseProcessor<String> {

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        String detail = context.getErrors().stream().map(Error::getMessage).findFirst()
                .orElse(base.getStatus().getReason());
        MutableHttpResponse<String> scim = ScimErrors.response(base.getStatus().getCode(), null, detail);
        base.getHeaders().forEach((name, values) -> {
            if (!scim.getHeaders().contains(name)) {
                values.forEach(v -> scim.header(name, v));
            }
        });
        return scim;
    }
}
