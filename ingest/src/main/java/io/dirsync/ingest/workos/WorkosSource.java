package io.dirsync.ingest.workos;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A configured WorkOS environment as the edge uses it: credentials as {@link Secret}s, delivery modes, limits.
 * Its {@link #sourceId()} keys the poller's cursor in {@code dirsync.source-cursors}.
 *
 * @param name            environment name (path segment of the webhook URL)
 * @param apiKey          API key, if configured
 * @param webhookSecrets  every webhook secret currently valid (several during rotation)
 * @param baseUrl         WorkOS API base URL
 * @param webhooks        webhook deliveries accepted
 * @param poller          Events API poller on
 * @param tolerance       largest accepted clock difference of a webhook signature
 * @param pollInterval    pause between polls once caught up
 * @param rangeStart      where a new poller starts; empty means at its first start
 * @param maxBodyBytes    largest webhook body accepted
 * @param cursorWarnAge   age of the cursor's last event that is warned about
 * @param transactionalId the poller's Kafka transactional.id
 */
public record WorkosSource(
        String name,
        Optional<Secret> apiKey,
        List<Secret> webhookSecrets,
        URI baseUrl,
        boolean webhooks,
        boolean poller,
        Duration tolerance,
        Duration pollInterval,
        Optional<Instant> rangeStart,
        int maxBodyBytes,
        Duration cursorWarnAge,
        String transactionalId) {

    public WorkosSource {
        webhookSecrets = List.copyOf(webhookSecrets);
    }

    /** The cursor key of this environment's poller. */
    public String sourceId() {
        return "workos:" + name;
    }

    /** A source with defaults, for tests and the reconcile CLI. */
    public static WorkosSource of(String name, Secret apiKey, List<Secret> webhookSecrets, URI baseUrl) {
        return new WorkosSource(name, Optional.ofNullable(apiKey), webhookSecrets, baseUrl, true, false,
                Duration.ofSeconds(180), Duration.ofSeconds(5), Optional.empty(), 524_288, Duration.ofDays(25),
                "dirsync-workos-" + name);
    }

    public WorkosSource withPoller(Duration interval, Optional<Instant> start, String transactionalId) {
        return new WorkosSource(name, apiKey, webhookSecrets, baseUrl, webhooks, true, tolerance, interval, start,
                maxBodyBytes, cursorWarnAge, transactionalId);
    }
}
