package io.dirsync.ingest.scim;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors raised by the HTTP layer itself (no such route, method, body too large, unexpected failure)
 * answered in the SCIM error schema too: Okta's client cannot parse anything else.
 */
@Controller
final class ScimFallbackErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ScimFallbackErrors.class);

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    HttpResponse<String> notFound(HttpRequest<?> request) {
        return ScimErrors.response(404, null, "no resource at " + request.getPath());
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    HttpResponse<String> methodNotAllowed(HttpRequest<?> request) {
        return ScimErrors.response(405, null, request.getMethodName() + " is not supported on " + request.getPath());
    }

    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    HttpResponse<String> unsupportedMediaType(HttpRequest<?> request) {
        return ScimErrors.response(415, null, "send application/scim+json or application/json");
    }

    @Error(global = true, exception = ContentLengthExceededException.class)
    HttpResponse<String> tooLarge(HttpRequest<?> request) {
        return ScimErrors.response(413, null, "the request body exceeds 1048576 bytes");
    }

    @Error(global = true, exception = io.micronaut.core.convert.exceptions.ConversionErrorException.class)
    HttpResponse<String> badRequest(HttpRequest<?> request, Throwable e) {
        return ScimErrors.response(400, "invalidValue", e.getMessage());
    }

    /** A failure of ours: logged with its cause, answered without internals. */
    @Singleton
    static final class Unexpected implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
            LOG.error("{} {} failed", request.getMethodName(), request.getPath(), exception);
            return ScimErrors.response(500, null, "internal error");
        }
    }
}
