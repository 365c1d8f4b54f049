package io.dirsync.e2e.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.dirsync.e2e.Pipeline;
import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WorkOS delivering the same events twice — by signed webhook (fast, unordered) and by the Events API poller
 * (ordered, complete) — through the packaged ingest and projector: each event is one change in state and one
 * command, so a leaver who arrives both ways is deprovisioned exactly once.
 */
class WorkosFlowIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_e2e_" + Long.toHexString(System.nanoTime());
    private static final String DIRECTORY = "directory_01E2E";
    private static final String USER = "directory_user_01E2E";

    @TempDir
    static Path state;

    static Pipeline pipeline;
    static HttpServer workos;
    static final List<ObjectNode> EVENTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        workos = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        workos.createContext("/events", exchange -> {
            String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
            String after = null;
            for (String pair : query.split("&")) {
                if (pair.startsWith("after=")) {
                    after = pair.substring(6);
                }
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode data = body.putArray("data");
            boolean past = after == null;
            for (ObjectNode event : EVENTS) {
                if (past) {
                    data.add(event);
                }
                past |= event.path("id").asText().equals(after);
            }
            body.putObject("list_metadata").put("after", data.isEmpty() ? null
                    : data.get(data.size() - 1).path("id").asText());
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        workos.start();
        pipeline = Pipeline.start(KAFKA.bootstrapServers(), state, Map.of(
                "DIRSYNC_WORKOS_WEBHOOK_SECRETS", SECRET,
                "DIRSYNC_WORKOS_API_KEY", "sk_test_e2e",
                "DIRSYNC_WORKOS_POLLER", "true",
                "DIRSYNC_WORKOS_POLL_INTERVAL", "200ms",
                "DIRSYNC_WORKOS_RANGE_START", "2000-01-01T00:00:00Z",
                "DIRSYNC_WORKOS_BASE_URL", "http://127.0.0.1:" + workos.getAddress().getPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        if (workos != null) {
            workos.stop(0);
        }
    }

    @Test
    void shouldFoldEachEventOnceWhenWebhookAndPollerBothDeliverIt() throws Exception {
        ObjectNode joined = event("event_01E2E_1", "dsync.user.created", "active", "2026-11-30T10:00:00.000Z");
        ObjectNode left = event("event_01E2E_2", "dsync.user.updated", "inactive", "2026-11-30T11:00:00.000Z");

        AvroCodec<AccessCommand> commands = AvroCodec.of(AccessCommand.class);
        // The joiner arrives by webhook first; then the poller reads both events; then the leaver's webhook, late.
        assertThat(deliver(joined)).isEqualTo(200);
        await("PROVISION from the webhook").atMost(Duration.ofSeconds(30))
                .until(() -> types(commands).contains(AccessCommandType.PROVISION));
        EVENTS.add(joined);
        EVENTS.add(left);
        await("DEPROVISION from the poller").atMost(Duration.ofSeconds(60))
                .until(() -> types(commands).contains(AccessCommandType.DEPROVISION));
        assertThat(deliver(left)).isEqualTo(200);

        AvroCodec<DirectoryChange> changes = AvroCodec.of(DirectoryChange.class);
        await("all four copies on the log").atMost(Duration.ofSeconds(30)).until(() ->
                pipeline.readAll(Topics.DIRECTORY_CHANGES, changes::decode).stream()
                        .filter(r -> r.value().getChangeId().startsWith("event_01E2E")).count() == 4);
        await("the late copy folded").atMost(Duration.ofSeconds(30)).until(() -> folded() >= 4);
        assertThat(types(commands)).containsExactly(AccessCommandType.PROVISION, AccessCommandType.DEPROVISION);
        HttpResponse<String> user = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + pipeline.projectorPort() + "/query/directories/" + DIRECTORY + "/users/" + USER))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(user.body()).path("state").asText()).isEqualTo("INACTIVE");
    }

    /** Changes of this test's directory folded so far, as the projector's lifecycle events count them. */
    private static long folded() {
        AvroCodec<io.dirsync.schemas.LifecycleEvent> codec = AvroCodec.of(io.dirsync.schemas.LifecycleEvent.class);
        return pipeline.readAll(Topics.LIFECYCLE_EVENTS, codec::decode).stream()
                .filter(r -> DIRECTORY.equals(r.value().getDirectoryId()))
                .filter(r -> r.value().getChangeId().startsWith("event_01E2E")).count();
    }

    private static List<AccessCommandType> types(AvroCodec<AccessCommand> codec) {
        return pipeline.readAll(Topics.ACCESS_COMMANDS, codec::decode).stream()
                .filter(r -> USER.equals(r.value().getUserId())).map(r -> r.value().getType()).toList();
    }

    private static ObjectNode event(String id, String type, String userState, String updatedAt) {
        ObjectNode event = JSON.createObjectNode();
        event.put("object", "event").put("id", id).put("event", type).put("created_at", updatedAt);
        ObjectNode user = event.putObject("data");
        user.put("object", "directory_user").put("id", USER).put("directory_id", DIRECTORY)
                .put("organization_id", "org_01E2E").put("idp_id", "00u-e2e").put("email", "leaver@example.com")
                .put("first_name", "Lee").put("last_name", "Ver").put("state", userState)
                .put("created_at", "2026-11-30T10:00:00.000Z").put("updated_at", updatedAt);
        user.putObject("custom_attributes").put("department_name", "Engineering");
        return event;
    }

    private static int deliver(ObjectNode event) throws Exception {
        byte[] body = JSON.writeValueAsBytes(event);
        long t = System.currentTimeMillis();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(mac.doFinal(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + pipeline.ingestPort()
                        + "/workos/webhooks/default"))
                .header("Content-Type", "application/json")
                .header("WorkOS-Signature", "t=" + t + ", v1=" + signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

}
