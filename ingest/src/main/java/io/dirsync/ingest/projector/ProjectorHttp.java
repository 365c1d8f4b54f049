package io.dirsync.ingest.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.ingest.BackendUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/** One GET of the projector's query API: the JSON body, empty on 404, and 503 to the caller on anything else. */
final class ProjectorHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectorHttp() {
    }

    static Optional<JsonNode> get(HttpClient client, URI uri) {
        try {
            String body = client.toBlocking().retrieve(HttpRequest.GET(uri), String.class);
            return Optional.of(JSON.readTree(body));
        } catch (HttpClientResponseException e) {
            if (e.getStatus() == HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw new BackendUnavailableException("projector answered " + e.getStatus().getCode(), e);
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException("projector unreachable", e);
        }
    }
}
