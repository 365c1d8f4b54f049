package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the WorkOS API, shaped like it: {@code GET /events} (required {@code events} filter,
 * {@code after} cursor or {@code range_start}, {@code limit}, ascending, {@code list_metadata.after}) with a
 * visibility lag that holds the newest events back from reads, like the real Events API; {@code GET
 * /directory_users} and {@code /directory_groups} paged by {@code after}; bearer-key check; and failures on demand
 * (429 with Retry-After, 5xx). Every request is recorded with its arrival time.
 */
final class FakeWorkos implements AutoCloseable {

    /** One request as received. */
    record Request(String path, Map<String, String> query, Instant at) {
    }

    private record Stored(JsonNode event, String type, Instant createdAt, Instant visibleAt) {
    }

    private record Failure(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final String apiKey;
    private final List<Stored> events = new CopyOnWriteArrayList<>();
    private final Map<String, List<JsonNode>> users = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
    private final Map<String, List<String>> members = new HashMap<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Duration lag = Duration.ZERO;
    private final AtomicLong sequence = new AtomicLong();

    FakeWorkos(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void lag(Duration lag) {
        this.lag = lag;
    }

    synchronized void failNext(int status, String retryAfter, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, retryAfter));
        }
    }

    /** Adds an event as WorkOS would publish it (id and created_at set when missing); returns its id. */
    String publish(JsonNode template) {
        ObjectNode event = template.deepCopy();
        Instant now = Instant.now();
        if (!event.hasNonNull("id")) {
            // Time-ordered ids, like WorkOS's ULIDs.
            event.put("id", String.format("event_%013d%06d", now.toEpochMilli(), sequence.incrementAndGet()));
        }
        if (!event.hasNonNull("created_at")) {
            event.put("created_at", now.toString());
        }
        event.put("object", "event");
        events.add(new Stored(event, event.path("event").asText(), Instant.parse(event.path("created_at").asText()),
                now.plus(lag)));
        return event.path("id").asText();
    }

    /** The published event's JSON, exactly as the Events API serves it (what a webhook carries too). */
    byte[] eventJson(String id) {
        return events.stream().filter(s -> s.event().path("id").asText().equals(id)).findFirst()
                .map(s -> s.event().toString().getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalArgumentException("no event " + id));
    }

    synchronized void directory(String directoryId, List<JsonNode> directoryUsers, List<JsonNode> directoryGroups,
                                Map<String, List<String>> membership) {
        users.put(directoryId, new ArrayList<>(directoryUsers));
        groups.put(directoryId, new ArrayList<>(directoryGroups));
        members.putAll(membership);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, query, Instant.now()));
            if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"message\":\"Unauthorized\"}", null);
                return;
            }
            Failure failure;
            synchronized (this) {
                failure = failures.poll();
            }
            if (failure != null) {
                send(exchange, failure.status(), "{\"message\":\"try later\"}", failure.retryAfter());
                return;
            }
            switch (path) {
                case "/events" -> events(exchange, query);
                case "/directory_users" -> {
                    List<JsonNode> all;
                    synchronized (this) {
                        if (query.containsKey("group")) {
                            Set<String> ids = Set.copyOf(members.getOrDefault(query.get("group"), List.of()));
                            all = users.values().stream().flatMap(List::stream)
                                    .filter(u -> ids.contains(u.path("id").asText())).toList();
                        } else {
                            all = List.copyOf(users.getOrDefault(query.get("directory"), List.of()));
                        }
                    }
                    send(exchange, 200, list(all, query), null);
                }
                case "/directory_groups" -> {
                    List<JsonNode> all;
                    synchronized (this) {
                        all = List.copyOf(groups.getOrDefault(query.get("directory"), List.of()));
                    }
                    send(exchange, 200, list(all, query), null);
                }
                default -> send(exchange, 404, "{\"message\":\"Not Found\"}", null);
            }
        }
    }

    private void events(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!query.containsKey("events")) {
            send(exchange, 422, "{\"message\":\"events is required\"}", null);
            return;
        }
        Set<String> types = Set.copyOf(Arrays.asList(query.get("events").split(",")));
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        String after = query.get("after");
        Instant rangeStart = query.containsKey("range_start") ? Instant.parse(query.get("range_start")) : null;
        Instant now = Instant.now();
        List<JsonNode> page = new ArrayList<>();
        boolean past = after == null;
        for (Stored s : events) {
            if (!past) {
                past = s.event().path("id").asText().equals(after);
                continue;
            }
            if (s.visibleAt().isAfter(now)) {
                break; // the newest events are held back, and everything after them with them
            }
            if (!types.contains(s.type()) || (rangeStart != null && s.createdAt().isBefore(rangeStart))) {
                continue;
            }
            page.add(s.event());
            if (page.size() == limit) {
                break;
            }
        }
        ObjectNode body = Fixtures.JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        page.forEach(data::add);
        ObjectNode meta = body.putObject("list_metadata");
        meta.putNull("before");
        if (page.size() == limit) {
            meta.put("after", page.get(page.size() - 1).path("id").asText());
        } else {
            meta.putNull("after");
        }
        send(exchange, 200, body.toString(), null);
    }

    private static String list(List<JsonNode> all, Map<String, String> query) {
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        String after = query.get("after");
        int start = 0;
        if (after != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).path("id").asText().equals(after)) {
                    start = i + 1;
                }
            }
        }
        List<JsonNode> page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
        ObjectNode body = Fixtures.JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        page.forEach(data::add);
        ObjectNode meta = body.putObject("list_metadata");
        meta.putNull("before");
        if (start + limit < all.size()) {
            meta.put("after", page.get(page.size() - 1).path("id").asText());
        } else {
            meta.putNull("after");
        }
        return body.toString();
    }

    private static void send(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
