package io.dirsync.ingest.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.DirectoryChange;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real ingest wiring on the embedded broker: WorkOS delivers the same events by webhook and through the Events
 * API poller (both on), and the change log carries each event once per delivery path under the same changeId —
 * the WorkOS event id — which is what lets the projector keep one.
 */
class WorkosWebhookAndPollerIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();
    private static final String KEY = "sk_test_both";
    private static final String SECRET = "whsec_both";

    @Test
    void shouldGiveTheSameEventTheSameChangeIdFromWebhookAndPoller() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String env = "both-" + unique;
        String dir = "directory_both_" + unique;
        try (FakeWorkos workos = new FakeWorkos(KEY)) {
            ObjectNode user = WorkosObjects.user(dir, "directory_user_" + unique, "kim@example.com", "active", Instant.now());
            ObjectNode group = WorkosObjects.group(dir, "directory_group_" + unique, "Admins");
            List<String> ids = List.of(
                    workos.publish(WorkosObjects.event("dsync.user.created", user)),
                    workos.publish(WorkosObjects.event("dsync.group.created", group)),
                    workos.publish(WorkosObjects.membership("dsync.group.user_added", dir, user, group)));
            String prefix = "dirsync.workos.environments." + env + ".";
            // No environment deduction: under JUnit Micronaut would add "test", whose config switches Kafka off.
            try (ApplicationContext ctx = ApplicationContext.builder().deduceEnvironment(false).properties(Map.of(
                    "micronaut.server.port", -1,
                    "kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                    prefix + "webhook-secrets", SECRET,
                    prefix + "api-key", KEY,
                    prefix + "base-url", workos.baseUrl().toString(),
                    prefix + "poller", "true",
                    prefix + "poll-interval", "200ms",
                    prefix + "range-start", Instant.now().minusSeconds(600).toString())).start()) {
                EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
                HttpClient http = HttpClient.newHttpClient();
                for (String id : ids) {
                    byte[] body = workos.eventJson(id);
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + server.getPort() + "/workos/webhooks/" + env))
                            .header("WorkOS-Signature", WebhookSignature.sign(body, Secret.of(SECRET), Instant.now()))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("webhook %s", id).isEqualTo(200);
                }

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    Map<ChangeSource, List<String>> bySource = LogReader.changes(KAFKA.bootstrapServers(), dir, true)
                            .stream().filter(c -> c.getChangeId().startsWith("event_"))
                            .collect(Collectors.groupingBy(DirectoryChange::getSource,
                                    Collectors.mapping(DirectoryChange::getChangeId, Collectors.toList())));
                    assertThat(bySource.get(ChangeSource.WORKOS_WEBHOOK)).containsExactlyElementsOf(ids);
                    assertThat(bySource.get(ChangeSource.WORKOS_EVENTS)).containsExactlyElementsOf(ids);
                });
                Map<String, Long> firstSight = LogReader.changes(KAFKA.bootstrapServers(), dir, true).stream()
                        .map(DirectoryChange::getChangeId).filter(id -> id.startsWith("workos-first-sight:"))
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(firstSight).as("one process registers a directory once").containsOnly(
                        Map.entry("workos-first-sight:" + dir, 1L));
            }
        }
    }
}
