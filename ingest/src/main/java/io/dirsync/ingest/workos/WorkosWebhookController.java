package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.ingest.BackendUnavailableException;
import io.dirsync.ingest.workos.WorkosEventMapper.Mapped;
import io.dirsync.schemas.ChangeSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WorkOS webhook deliveries: {@code POST /workos/webhooks/{environment}}. The signature is checked on the raw
 * body before anything is parsed; every authentication failure (unknown environment, webhooks off, absent,
 * malformed, stale, future or wrong signature) is the same bare 401. A verified event is answered 2xx only once
 * the broker acknowledged its changes (acks=all); broker trouble is a 503, so WorkOS retries. Unknown event types
 * are accepted and counted, never refused (WorkOS would retry them for days).
 */
@Controller("/workos")
@ExecuteOn(TaskExecutors.BLOCKING)
final class WorkosWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WorkosWebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkosSources sources;
    private final WorkosChangeSink sink;
    private final KnownDirectories directories;
    private final RecentDeliveries recent;
    private final WorkosStats stats;
    private final Clock clock = Clock.systemUTC();

    WorkosWebhookController(WorkosSources sources, WorkosChangeSink sink, KnownDirectories directories,
                            RecentDeliveries recent, WorkosStats stats) {
        this.sources = sources;
        this.sink = sink;
        this.directories = directories;
        this.recent = recent;
        this.stats = stats;
    }

    @Post("/webhooks/{environment}")
    @Consumes(MediaType.ALL)
    HttpResponse<?> receive(@PathVariable String environment,
                            @Nullable @Header(WebhookSignature.HEADER) String signature,
                            @Nullable @Body byte[] body) {
        WorkosSource source = sources.find(environment).filter(WorkosSource::webhooks).orElse(null);
        byte[] raw = body == null ? new byte[0] : body;
        if (source != null && raw.length > source.maxBodyBytes()) {
            stats.increment("webhook.refused.too-large");
            return HttpResponse.status(io.micronaut.http.HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        }
        Instant now = clock.instant();
        if (source == null || !WebhookSignature.verify(signature, raw, source.webhookSecrets(), now, source.tolerance())) {
            stats.increment("webhook.refused.unauthenticated");
            return HttpResponse.unauthorized();
        }
        if (recent.seen(source.name(), signature, now)) {
            stats.increment("webhook.replayed");
            return HttpResponse.ok();
        }
        JsonNode event;
        try {
            event = JSON.readTree(raw);
        } catch (IOException e) {
            event = null;
        }
        Mapped mapped = event == null || !event.isObject() ? null : WorkosEventMapper.map(event, ChangeSource.WORKOS_WEBHOOK, now);
        if (mapped == null || mapped.status() == WorkosEventMapper.Status.MALFORMED) {
            stats.increment("webhook.refused.malformed");
            return HttpResponse.badRequest(Map.of("error", "the body is not a WorkOS event (id, event, data)"));
        }
        mapped.notes().forEach(note -> stats.increment("events." + note));
        if (mapped.status() == WorkosEventMapper.Status.IGNORED) {
            LOG.info("WorkOS {}: event {} of type {} accepted and ignored", source.name(), mapped.eventId(),
                    mapped.eventType());
            return accepted(source, signature, now);
        }
        KnownDirectories.Batch batch = directories.plan(List.of(mapped), ChangeSource.WORKOS_WEBHOOK, now);
        try {
            sink.append(batch.changes());
        } catch (BackendUnavailableException e) {
            directories.failed(batch);
            stats.increment("webhook.unavailable");
            LOG.warn("WorkOS {}: event {} not acknowledged by the broker; answering 503 so WorkOS retries ({})",
                    source.name(), mapped.eventId(), e.getCause() == null ? e.getMessage() : e.getCause().toString());
            return HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5");
        }
        stats.increment("events.mapped." + mapped.eventType());
        return accepted(source, signature, now);
    }

    private HttpResponse<?> accepted(WorkosSource source, String signature, Instant now) {
        stats.increment("webhook.accepted");
        WebhookSignature.parse(signature).ifPresent(p -> recent.remember(source.name(), signature,
                Instant.ofEpochMilli(p.timestampMillis()).plus(source.tolerance()), now));
        return HttpResponse.ok();
    }

    /** Counters only: what was accepted, refused, and not understood. */
    @Get(uri = "/stats", produces = MediaType.APPLICATION_JSON)
    Map<String, Long> stats() {
        return stats.snapshot();
    }
}
