package io.dirsync.projector.query;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a query about a directory here when this instance owns it, else forwards it once to the owner;
 * while the group rebalances (or ownership moved mid-flight) the answer is 503 with Retry-After.
 */
@Singleton
public final class DirectoryRouter {

    private final UserQueries queries;
    private final QueryForwarder forwarder;
    private final HostInfo self;

    DirectoryRouter(UserQueries queries, QueryForwarder forwarder, HostInfo self) {
        this.queries = queries;
        this.forwarder = forwarder;
        this.self = self;
    }

    public HttpResponse<String> route(HttpRequest<?> request, String directoryId, String forwarded,
                                      Function<UserQueries.Owner, HttpResponse<String>> local) {
        Optional<UserQueries.Owner> owner = queries.owner(directoryId);
        if (owner.isEmpty()) {
            return unavailable();
        }
        if (owner.get().host().equals(self)) {
            return local.apply(owner.get());
        }
        if (forwarded != null) {
            // Ownership moved while the request was in flight; let the caller retry rather than loop.
            return unavailable();
        }
        return forwarder.forward(owner.get().host(), request);
    }

    public static HttpResponse<String> unavailable() {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .body("{\"error\":\"projector state is not available yet\"}");
    }

    public static HttpResponse<String> notFound(String what) {
        return HttpResponse.<String>notFound().body("{\"error\":\"no such " + what + "\"}");
    }
}
