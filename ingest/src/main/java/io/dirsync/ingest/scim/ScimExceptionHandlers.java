package io.dirsync.ingest.scim;

import com.unboundid.scim2.common.exceptions.ScimException;
import io.dirsync.ingest.BackendUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps typed SCIM exceptions, thrown anywhere in the edge, to SCIM error responses once, here. */
final class ScimExceptionHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ScimExceptionHandlers.class);

    private ScimExceptionHandlers() {
    }

    @Singleton
    static final class Scim implements ExceptionHandler<ScimException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ScimException exception) {
            return ScimErrors.response(exception);
        }
    }

    @Singleton
    static final class Unavailable implements ExceptionHandler<BackendUnavailableException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, BackendUnavailableException exception) {
            LOG.warn("{} {}: {} ({})", request.getMethodName(), request.getPath(), exception.getMessage(),
                    exception.getCause() == null ? "no cause" : exception.getCause().toString());
            return ScimErrors.response(503, null, "dirsync could not confirm the request in time; retry later")
                    .header("Retry-After", "5");
        }
    }
}
