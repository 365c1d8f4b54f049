package io.dirsync.projector.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dirsync guard status|release|discard <directory>}: the operator's view of the mass-deprovision guard
 * over the projector's API ({@code DIRSYNC_PROJECTOR_URL}). Release and discard need {@code --operator} (for
 * the audit trail) and either {@code --all} or the command ids to act on.
 */
public final class GuardCli {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = """
            usage: dirsync guard status <directory>
                   dirsync guard release <directory> (--all | <commandId>...) --operator <name> [--reason <text>]
                   dirsync guard discard <directory> (--all | <commandId>...) --operator <name> [--reason <text>]

            The mass-deprovision guard holds DEPROVISIONs when too many arrive at once (default: more than 25 users
            and more than 10% of a directory's active users within 10 minutes). 'status' lists what is held;
            'release' emits held commands (each exactly once); 'discard' drops them, audited with --operator and
            --reason. Decisions go through the change log, so they survive restarts and replays.

            environment: DIRSYNC_PROJECTOR_URL (http://localhost:8081)
            """;

    private GuardCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, HttpClient.newHttpClient(),
                System.getenv().getOrDefault("DIRSYNC_PROJECTOR_URL", "http://localhost:8081")));
    }

    static int run(String[] args, PrintStream out, PrintStream err, HttpClient http, String base) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args.length < 2) {
            err.print(USAGE);
            return 2;
        }
        String action = args[0];
        String directory = args[1];
        String url = base + "/guard/directories/" + URLEncoder.encode(directory, StandardCharsets.UTF_8);
        try {
            return switch (action) {
                case "status" -> status(http, url, out, err);
                case "release", "discard" -> decide(http, url + "/" + action, args, out, err);
                default -> {
                    err.println("dirsync guard: unknown action '" + action + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IOException e) {
            err.println("dirsync guard: projector not reachable at " + base + " (" + e.getMessage() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int status(HttpClient http, String url, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            err.println("dirsync guard: projector answered " + r.statusCode() + ": " + r.body());
            return 1;
        }
        JsonNode body = JSON.readTree(r.body());
        JsonNode policy = body.path("policy");
        JsonNode state = body.path("state");
        out.printf("directory %s: guard %s (trips above %d users and %.0f%% of active users within %d s)%n",
                body.path("directoryId").asText(), policy.path("enabled").asBoolean() ? "on" : "off",
                policy.path("minimum").asInt(), policy.path("fraction").asDouble() * 100,
                policy.path("windowSeconds").asLong());
        boolean tripped = state.path("tripped").asBoolean(false);
        out.printf("state: %s, active users %d%s%n", tripped ? "TRIPPED" : "normal", state.path("activeUsers").asLong(),
                tripped ? ", tripped by change " + state.path("tripChangeId").asText() + " at "
                        + state.path("trippedAt").asText() : "");
        ArrayNode held = (ArrayNode) body.path("held");
        out.printf("held: %d%n", held.size());
        if (!held.isEmpty()) {
            out.printf("%-48s %-38s %-30s %s%n", "commandId", "userId", "userName", "held at");
            for (JsonNode h : held) {
                JsonNode c = h.path("command");
                out.printf("%-48s %-38s %-30s %s%n", c.path("commandId").asText(), c.path("userId").asText(),
                        c.path("user").path("userName").asText(), h.path("heldAt").asText());
            }
        }
        return 0;
    }

    private static int decide(HttpClient http, String url, String[] args, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        String operator = null;
        String reason = null;
        boolean all = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--all" -> all = true;
                case "--operator" -> operator = i + 1 < args.length ? args[++i] : null;
                case "--reason" -> reason = i + 1 < args.length ? args[++i] : null;
                default -> ids.add(args[i]);
            }
        }
        if (operator == null || operator.isBlank()) {
            err.println("dirsync guard: --operator <name> is required (who decides, for the audit trail)");
            return 2;
        }
        if (all == !ids.isEmpty()) {
            err.println("dirsync guard: give either --all or the command ids to act on");
            return 2;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("commandIds");
        ids.forEach(list::add);
        body.put("operator", operator);
        if (reason != null) {
            body.put("reason", reason);
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            err.println("dirsync guard: projector answered " + r.statusCode() + ": " + r.body());
            return 1;
        }
        out.printf("%s of %s accepted at %s as change %s; it applies when the projector folds it ('status' shows it)%n",
                args[0], all ? "all held commands" : ids.size() + " held commands", Instant.now(),
                JSON.readTree(r.body()).path("changeId").asText());
        return 0;
    }
}
