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
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One GET of the projector's query API: the JSON body, empty on 404, and 503 to the caller on anything else; and
 * the one way a client-supplied id becomes part of its path.
 */
final class ProjectorHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private ProjectorHttp() {
    }

    /**
     * {@code value} as one path segment (RFC 3986 §3.3): every octet but ALPHA, DIGIT, "-", "_" and "~"
     * percent-encoded, dots too, so a resource id from a request can neither add segments ({@code ../},
     * {@code a/groups}), a query or a fragment to the projector's URI, nor break its syntax (a NUL, a space).
     */
    static String segment(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    /**
     * The first item {@code publisher} emits (null if none) as a future: a Micronaut client's answer without a
     * thread parked on it, completed on the client's event loop.
     */
    static <T> CompletableFuture<T> first(Publisher<T> publisher) {
        CompletableFuture<T> result = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(T item) {
                result.complete(item);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                result.complete(null);
            }
        });
        return result;
    }

    /** {@link #get} without a thread waiting; fails with the same {@link BackendUnavailableException}. */
    static CompletableFuture<Optional<JsonNode>> getAsync(HttpClient client, URI uri) {
        return first(client.retrieve(HttpRequest.GET(uri), byte[].class)).handle(ProjectorHttp::answer);
    }

    static Optional<JsonNode> get(HttpClient client, URI uri) {
        byte[] body;
        try {
            // Parsed from the bytes as they came: no String of the body on the way.
            body = client.toBlocking().retrieve(HttpRequest.GET(uri), byte[].class);
        } catch (RuntimeException e) {
            return answer(null, e);
        }
        return answer(body, null);
    }

    /** A GET's outcome: the parsed body, empty on 404, a {@link BackendUnavailableException} on anything else. */
    private static Optional<JsonNode> answer(byte[] body, Throwable error) {
        if (error instanceof HttpClientResponseException response) {
            if (response.getStatus() == HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw new BackendUnavailableException("projector answered " + response.getStatus().getCode(), response);
        }
        if (error != null) {
            throw new BackendUnavailableException("projector unreachable", error);
        }
        try {
            return Optional.of(JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException("projector unreachable", e);
        }
    }
}
