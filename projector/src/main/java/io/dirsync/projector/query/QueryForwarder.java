package io.dirsync.projector.query;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;
import java.net.URI;
import org.apache.kafka.streams.state.HostInfo;

/** Forwards a query to the projector instance that owns the directory, marking it so it is not forwarded again. */
@Singleton
final class QueryForwarder {

    private final HttpClient client;

    QueryForwarder(HttpClient client) {
        this.client = client;
    }

    HttpResponse<String> forward(HostInfo owner, HttpRequest<?> request) {
        URI target = URI.create("http://" + owner.host() + ":" + owner.port() + request.getUri());
        try {
            HttpResponse<String> response = client.toBlocking().exchange(
                    HttpRequest.GET(target).header(QueryController.FORWARDED, "1"), String.class);
            return HttpResponse.<String>status(response.getStatus()).body(response.body());
        } catch (HttpClientResponseException e) {
            return HttpResponse.<String>status(e.getStatus()).body(e.getResponse().getBody(String.class).orElse(""));
        } catch (RuntimeException e) {
            return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .body("{\"error\":\"owner of the directory is unreachable\"}");
        }
    }
}
