package io.dirsync.projector.offboarding;

import io.dirsync.schemas.OffboardingCase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.client.HttpClient;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Offboarding queries. Cases are keyed per user, so a directory's leavers are spread over every partition: each
 * instance answers for its own partitions and the one asked gathers the others' answers (asked once, marked so they
 * do not ask further). While the group rebalances the answer is 503 with Retry-After. {@code format} is json (default),
 * table or csv.
 */
@Controller("/query")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class OffboardingController {

    static final String FORWARDED = "X-Dirsync-Forwarded";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient client;
    private final ObjectMapper json;
    private final OffboardingConfig config;

    OffboardingController(KafkaStreams streams, HostInfo self, HttpClient client, ObjectMapper json,
                          OffboardingConfig config) {
        this.streams = streams;
        this.self = self;
        this.client = client;
        this.json = json;
        this.config = config;
    }

    /** Open leavers (not yet acknowledged by every declared app), overdue ones included. */
    @Get(uri = "/directories/{directoryId}/offboarding")
    HttpResponse<String> status(HttpRequest<?> request, @PathVariable String directoryId,
                                @QueryValue(defaultValue = "json") String format,
                                @Nullable @Header(FORWARDED) String forwarded) {
        return answer(request, directoryId, null, null, format, forwarded, c -> c.getCompletedAt() == null);
    }

    /** Every leaver whose DEPROVISION was issued in [from, to), with each app's ack time: audit evidence. */
    @Get(uri = "/directories/{directoryId}/offboarding/report")
    HttpResponse<String> report(HttpRequest<?> request, @PathVariable String directoryId,
                                @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                @QueryValue(defaultValue = "json") String format,
                                @Nullable @Header(FORWARDED) String forwarded) {
        Instant start;
        Instant end;
        try {
            start = from == null || from.isBlank() ? null : Instant.parse(from);
            end = to == null || to.isBlank() ? null : Instant.parse(to);
        } catch (DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "from and to must be ISO-8601 instants, e.g. 2026-06-30T00:00:00Z: "
                    + e.getParsedString());
        }
        if (start != null && end != null && !start.isBefore(end)) {
            return error(HttpStatus.BAD_REQUEST, "from must be before to");
        }
        return answer(request, directoryId, start, end, format, forwarded, c -> {
            if (c.getCommand() == null) {
                return false;
            }
            Instant issued = c.getCommand().getReceivedAt();
            return (start == null || !issued.isBefore(start)) && (end == null || issued.isBefore(end));
        });
    }

    /** This instance's offboarding metrics (time-to-deprovision histogram and overdue count per app). */
    @Get(uri = "/offboarding/metrics", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> metrics() throws IOException {
        return HttpResponse.ok(json.writeValueAsString(OffboardingMetrics.snapshot(streams.metrics())));
    }

    private HttpResponse<String> answer(HttpRequest<?> request, String directoryId, Instant from, Instant to,
                                        String format, String forwarded, Predicate<OffboardingCase> filter) {
        if (!List.of("json", "table", "csv").contains(format)) {
            return error(HttpStatus.BAD_REQUEST, "format must be json, table or csv");
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return unavailable("projector state is not available yet");
        }
        List<OffboardingViews.LeaverView> leavers = new ArrayList<>();
        try {
            leavers.addAll(local(directoryId, filter));
        } catch (InvalidStateStoreException e) {
            return unavailable("projector state is not available yet");
        }
        if (forwarded == null) {
            for (StreamsMetadata other : streams.streamsMetadataForStore(OffboardingTopology.STORE)) {
                if (other.hostInfo().equals(self)) {
                    continue;
                }
                OffboardingViews.LeaversView theirs = ask(other.hostInfo(), request);
                if (theirs == null) {
                    return unavailable("projector instance " + other.hostInfo().host() + ":" + other.hostInfo().port()
                            + " is unreachable");
                }
                leavers.addAll(theirs.leavers());
            }
        }
        List<OffboardingViews.LeaverView> sorted = OffboardingViews.sorted(leavers);
        OffboardingViews.LeaversView view = new OffboardingViews.LeaversView(directoryId,
                from == null ? null : from.toString(), to == null ? null : to.toString(),
                List.copyOf(config.settings().declared().keySet()), sorted.size(), sorted);
        try {
            return switch (format) {
                case "table" -> HttpResponse.ok(OffboardingViews.table(view)).contentType(MediaType.TEXT_PLAIN_TYPE);
                case "csv" -> HttpResponse.ok(OffboardingViews.csv(view)).contentType(new MediaType("text/csv"));
                default -> HttpResponse.ok(json.writeValueAsString(view)).contentType(MediaType.APPLICATION_JSON_TYPE);
            };
        } catch (IOException e) {
            return error(HttpStatus.INTERNAL_SERVER_ERROR, "cannot render the answer: " + e.getMessage());
        }
    }

    private List<OffboardingViews.LeaverView> local(String directoryId, Predicate<OffboardingCase> filter) {
        ReadOnlyKeyValueStore<String, OffboardingCase> store = streams.store(StoreQueryParameters.fromNameAndType(
                OffboardingTopology.STORE, QueryableStoreTypes.<String, OffboardingCase>keyValueStore()));
        List<OffboardingViews.LeaverView> out = new ArrayList<>();
        try (KeyValueIterator<String, OffboardingCase> it = store.prefixScan(directoryId + "/", new StringSerializer())) {
            while (it.hasNext()) {
                OffboardingCase c = it.next().value;
                if (c.getDirectoryId().equals(directoryId) && filter.test(c)) {
                    out.add(OffboardingViews.view(c));
                }
            }
        }
        return out;
    }

    /** The other instance's own leavers (as JSON, whatever format the caller wants), or null if it cannot answer. */
    private OffboardingViews.LeaversView ask(HostInfo host, HttpRequest<?> request) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        request.getParameters().forEach((k, v) -> {
            if (!k.equals("format")) {
                params.put(k, v);
            }
        });
        StringBuilder query = new StringBuilder();
        params.forEach((k, vs) -> vs.forEach(v -> query.append(query.length() == 0 ? "?" : "&")
                .append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8))));
        URI target = URI.create("http://" + host.host() + ":" + host.port() + request.getPath() + query);
        try {
            String body = client.toBlocking().retrieve(HttpRequest.GET(target).header(FORWARDED, "1"), String.class);
            return json.readValue(body, OffboardingViews.LeaversView.class);
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    private static HttpResponse<String> error(HttpStatus status, String reason) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body("{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    private static HttpResponse<String> unavailable(String reason) {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_JSON_TYPE).body("{\"error\":\"" + reason + "\"}");
    }
}
