package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A plain HTTP client for the SCIM edge in tests, sending requests byte for byte as an IdP would (no
 * normalisation of paths, headers or bodies on the way), with the test directory's token by default.
 */
final class ScimClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The token of directory {@code dir-a} in application-test.yml. */
    static final String TOKEN = "token-a";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String root;

    ScimClient(EmbeddedServer server) {
        this.root = server.getURL().toString();
    }

    /** {@code path} is relative to {@code /scim/v2}. */
    HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
        return sendTo(method, "/scim/v2" + path, TOKEN, contentType, body, headers);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    /** {@code absolutePath} is sent exactly as given; {@code token} may be null. */
    HttpResponse<String> sendTo(String method, String absolutePath, String token, String contentType, String body,
                                String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + absolutePath))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** A request body recorded under {@code src/test/resources/fixtures/}. */
    static String fixture(String name) {
        try (InputStream in = ScimClient.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
