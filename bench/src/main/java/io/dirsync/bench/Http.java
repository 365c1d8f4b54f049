package io.dirsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HTTP side of the load generators: SCIM requests with a bearer token, WorkOS deliveries signed the way
 * WorkOS signs them ({@code t=<ms>, v1=hex(HMAC-SHA256(secret, t + "." + body))}), and the trivial endpoint.
 * A transport failure (service killed, connection refused) is status 0, so generators can log and go on.
 */
public final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String PATCH_INACTIVE = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";

    /** Status (0 on a transport failure) and body. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public Response scim(String token, String method, String path, String body) {
        return scimRaw(token, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "application/scim+json; charset=utf-8");
    }

    public Response scimRaw(String token, String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/scim/v2" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    public Response health() {
        return send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** POST a WorkOS delivery with the given signature header (null: none). */
    public Response webhook(String environment, byte[] body, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/workos/webhooks/" + environment))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header("WorkOS-Signature", signature);
        }
        return send(b.build());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Response(0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, null);
        }
    }

    public static String createUser(String userName, boolean active, String title) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"active\":" + active + ",\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User\"},"
                + "\"emails\":[{\"value\":\"" + userName + "\",\"primary\":true}],\"title\":\"" + title + "\"}";
    }

    public static String patchTitle(String title) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"" + title + "\"}]}";
    }

    /** The WorkOS-Signature header for {@code body} signed at {@code at} with {@code secret}. */
    public static String sign(byte[] body, String secret, Instant at) {
        try {
            String t = Long.toString(at.toEpochMilli());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(t.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return "t=" + t + ", v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A WorkOS {@code dsync.user.created} event for one user of one WorkOS directory. */
    public static byte[] workosUserCreated(String eventId, String directory, String userId, String email) {
        String json = "{\"object\":\"event\",\"id\":\"" + eventId + "\",\"event\":\"dsync.user.created\",\"data\":{"
                + "\"object\":\"directory_user\",\"id\":\"" + userId + "\",\"idp_id\":\"" + userId + "\","
                + "\"directory_id\":\"" + directory + "\",\"organization_id\":\"org_bench\","
                + "\"first_name\":\"Bench\",\"last_name\":\"User\",\"email\":\"" + email + "\","
                + "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"" + email + "\"}],"
                + "\"state\":\"active\",\"raw_attributes\":{},\"custom_attributes\":{},"
                + "\"created_at\":\"2026-01-01T00:00:00.000Z\",\"updated_at\":\"2026-01-01T00:00:00.000Z\"},"
                + "\"created_at\":\"2026-01-01T00:00:00.000Z\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
