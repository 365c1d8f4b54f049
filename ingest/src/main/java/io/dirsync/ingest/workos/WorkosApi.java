package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few WorkOS API reads dirsync makes ({@code GET /events}, {@code /directory_users}, {@code /directory_groups}),
 * with the API key as bearer token. Requests are spaced by {@code minInterval} (WorkOS allows 4 requests/s per
 * directory on {@code /directory_users}); 429 and 5xx are retried after {@code Retry-After} when WorkOS sends
 * one, else after an exponential back-off, up to {@code maxAttempts}.
 */
public final class WorkosApi {

    private static final Logger LOG = LoggerFactory.getLogger(WorkosApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** A Retry-After beyond this is treated as this: the caller re-checks anyway. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    /** One page of a WorkOS list: its items and the cursor of the next page (null at the end). */
    public record Page(List<JsonNode> data, String after) {
    }

    private final URI baseUrl;
    private final Secret apiKey;
    private final HttpClient http;
    private final Duration minInterval;
    private final int maxAttempts;
    private long lastRequestNanos;
    private int requests;

    public WorkosApi(URI baseUrl, Secret apiKey, Duration minInterval, int maxAttempts) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.minInterval = minInterval;
        this.maxAttempts = maxAttempts;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Events of {@code types} after {@code after} (exclusive), or from {@code rangeStart} when there is no cursor. */
    public Page events(List<String> types, String after, Instant rangeStart, int limit)
            throws WorkosApiException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("events", String.join(",", types));
        if (after != null) {
            q.put("after", after);
        } else if (rangeStart != null) {
            q.put("range_start", rangeStart.toString());
        }
        q.put("limit", Integer.toString(limit));
        return page(get("/events", q));
    }

    /** One page of a directory's users, optionally only the members of {@code group}. */
    public Page directoryUsers(String directory, String group, String after)
            throws WorkosApiException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>();
        if (group != null) {
            q.put("group", group);
        } else {
            q.put("directory", directory);
        }
        q.put("limit", "100");
        if (after != null) {
            q.put("after", after);
        }
        return page(get("/directory_users", q));
    }

    /** One page of a directory's groups. */
    public Page directoryGroups(String directory, String after) throws WorkosApiException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("directory", directory);
        q.put("limit", "100");
        if (after != null) {
            q.put("after", after);
        }
        return page(get("/directory_groups", q));
    }

    /** Requests sent so far, retries included. */
    public int requests() {
        return requests;
    }

    private static Page page(JsonNode body) throws WorkosApiException {
        JsonNode data = body.path("data");
        if (!data.isArray()) {
            throw new WorkosApiException(200, "WorkOS answered a list without data[]", null);
        }
        List<JsonNode> items = new ArrayList<>();
        data.forEach(items::add);
        JsonNode after = body.path("list_metadata").path("after");
        return new Page(items, after.isTextual() && !after.asText().isEmpty() ? after.asText() : null);
    }

    private JsonNode get(String path, Map<String, String> query) throws WorkosApiException, InterruptedException {
        StringJoiner qs = new StringJoiner("&");
        query.forEach((k, v) -> qs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(baseUrl + path + "?" + qs);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + apiKey.reveal())
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .GET().build();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            pace();
            int status = 0;
            Duration wait = backoff;
            Exception cause = null;
            try {
                requests++;
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                if (status == 200) {
                    return JSON.readTree(r.body());
                }
                if (status != 429 && status < 500) {
                    // 401/403/404/422: a retry cannot help; the body may echo the request, so it is not shown.
                    throw new WorkosApiException(status, "WorkOS answered " + status + " to GET " + path, null);
                }
                wait = retryAfter(r.headers().firstValue("Retry-After")).orElse(backoff);
            } catch (IOException e) {
                cause = e;
            }
            if (attempt >= maxAttempts) {
                throw new WorkosApiException(status, "WorkOS GET " + path + " failed after " + attempt + " attempts"
                        + (status == 0 ? "" : " (last status " + status + ")"), cause);
            }
            LOG.warn("WorkOS GET {} answered {}; retrying in {} ms", path,
                    status == 0 ? String.valueOf(cause) : status, wait.toMillis());
            Thread.sleep(wait.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Keeps requests at least {@code minInterval} apart. */
    private void pace() throws InterruptedException {
        long now = System.nanoTime();
        long wait = lastRequestNanos + minInterval.toNanos() - now;
        if (lastRequestNanos != 0 && wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        lastRequestNanos = System.nanoTime();
    }

    /** Retry-After as seconds or as an HTTP-date (RFC 9110 §10.2.3). */
    static Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String v = header.get().trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                d = Duration.between(Instant.now(), at);
                d = d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }
}
