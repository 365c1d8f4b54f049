package io.dirsync.ingest.workos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dirsync.schemas.ContractJson;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The projector's query API as reconcile reads it ({@code /query/directories/{d}/users}, {@code /groups},
 * {@code /groups/{g}/members}, paged by startIndex/count), serving contract records rendered with
 * {@link ContractJson} exactly as the projector renders them.
 */
final class FakeProjector implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, UserLifecycle> users = new LinkedHashMap<>();
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    volatile boolean groupsServed = true;

    FakeProjector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/query/directories/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized void user(String directoryId, String userId, UserState state, long version, UserAttributes attributes) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        users.put(userId, UserLifecycle.newBuilder().setDirectoryId(directoryId).setUserId(userId).setState(state)
                .setVersion(version).setUser(attributes).setCreatedAt(t).setLastModified(t).setLastChangeId("c-" + userId)
                .build());
    }

    synchronized void group(String directoryId, String groupId, String name, String externalId, List<String> memberIds) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        groups.put(groupId, GroupState.newBuilder().setDirectoryId(directoryId).setGroupId(groupId).setDisplayName(name)
                .setExternalId(externalId).setVersion(3).setMemberCount(memberIds.size()).setCreatedAt(t)
                .setLastModified(t).setLastChangeId("c-" + groupId).build());
        members.put(groupId, List.copyOf(memberIds));
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().substring("/query/directories/".length()).split("/");
            Map<String, String> q = new LinkedHashMap<>();
            for (String pair : String.valueOf(exchange.getRequestURI().getRawQuery()).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            int start = Integer.parseInt(q.getOrDefault("startIndex", "1"));
            int count = Integer.parseInt(q.getOrDefault("count", "100"));
            List<String> items = new ArrayList<>();
            if (path.length == 2 && path[1].equals("users")) {
                users.values().stream().filter(u -> u.getDirectoryId().equals(path[0]))
                        .forEach(u -> items.add(ContractJson.toJson(u)));
            } else if (path.length == 2 && path[1].equals("groups") && groupsServed) {
                groups.values().stream().filter(g -> g.getDirectoryId().equals(path[0]))
                        .forEach(g -> items.add(ContractJson.toJson(g)));
            } else if (path.length == 4 && path[1].equals("groups") && path[3].equals("members") && groupsServed) {
                for (String id : members.getOrDefault(path[2], List.of())) {
                    UserLifecycle u = users.get(id);
                    StringBuilder b = new StringBuilder("{\"userId\":");
                    ContractJson.writeString(b, id);
                    b.append(",\"userName\":");
                    ContractJson.writeString(b, u == null ? id : u.getUser().getUserName());
                    b.append(",\"displayName\":null}");
                    items.add(b.toString());
                }
            } else {
                byte[] body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            List<String> page = items.subList(Math.min(start - 1, items.size()), Math.min(start - 1 + count, items.size()));
            byte[] body = ("{\"totalResults\":" + items.size() + ",\"startIndex\":" + start + ",\"items\":["
                    + String.join(",", page) + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
