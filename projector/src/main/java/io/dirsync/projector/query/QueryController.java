package io.dirsync.projector.query;

import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.schemas.ContractJson;
import io.dirsync.schemas.UserLifecycle;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The projector's query API (interactive queries). A request about a directory owned by another instance
 * is forwarded to it once; while the group rebalances the answer is 503 with Retry-After.
 *
 * <p>Bodies are contract records rendered by {@link ContractJson}; lists are {@code {totalResults,
 * startIndex, items}}.
 */
@Controller("/query")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class QueryController {

    static final String FORWARDED = "X-Dirsync-Forwarded";

    private final UserQueries queries;
    private final DirectoryRouter router;
    private final KafkaStreams streams;
    private final FoldMetrics metrics;

    QueryController(UserQueries queries, DirectoryRouter router, KafkaStreams streams, FoldMetrics metrics) {
        this.queries = queries;
        this.router = router;
        this.streams = streams;
        this.metrics = metrics;
    }

    @Get(uri = "/directories/{directoryId}/users/{userId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> user(HttpRequest<?> request, @PathVariable String directoryId, @PathVariable String userId,
                              @Nullable @Header(FORWARDED) String forwarded) {
        return route(request, directoryId, forwarded, owner ->
                queries.byId(owner, directoryId, userId)
                        .map(u -> HttpResponse.ok(ContractJson.toJson(u)))
                        .orElseGet(() -> HttpResponse.<String>notFound().body("{\"error\":\"no such user\"}")));
    }

    @Get(uri = "/directories/{directoryId}/users", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> users(HttpRequest<?> request, @PathVariable String directoryId,
                               @Nullable @QueryValue String userName,
                               @QueryValue(defaultValue = "1") int startIndex,
                               @QueryValue(defaultValue = "100") int count,
                               @Nullable @Header(FORWARDED) String forwarded) {
        if (count < 0 || count > 10_000) {
            return HttpResponse.<String>badRequest().body("{\"error\":\"count must be between 0 and 10000\"}");
        }
        return route(request, directoryId, forwarded, owner -> {
            if (userName != null) {
                Optional<UserLifecycle> user = queries.byUserName(owner, directoryId, userName);
                return HttpResponse.ok(page(user.isPresent() ? 1 : 0, 1,
                        user.filter(u -> startIndex <= 1 && count > 0).stream().toList()));
            }
            UserQueries.Page page = queries.page(owner, directoryId, startIndex, count);
            return HttpResponse.ok(page(page.totalResults(), page.startIndex(), page.items()));
        });
    }

    /** Which instance and partition own a directory right now (for operators, and to verify forwarding). */
    @Get(uri = "/directories/{directoryId}/owner", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> owner(@PathVariable String directoryId) {
        return queries.owner(directoryId)
                .<HttpResponse<String>>map(o -> HttpResponse.ok("{\"host\":\"" + o.host().host() + ":" + o.host().port()
                        + "\",\"partition\":" + o.partition() + "}"))
                .orElseGet(QueryController::unavailable);
    }

    /** Liveness of the fold: 200 when RUNNING, else 503 with the state. */
    @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> health() {
        KafkaStreams.State state = streams.state();
        // Anomalies (duplicate, stale, rejected input) by kind since this instance started; each one is also a
        // lifecycle event, so nothing here is the only record of it.
        String anomalies = metrics.anomalyCounts().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> Json.quote(e.getKey()) + ":" + e.getValue())
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        String body = "{\"state\":\"" + state + "\",\"folded\":" + metrics.foldedCount()
                + ",\"deadLetters\":" + metrics.deadLetterCount() + ",\"anomalies\":" + anomalies + "}";
        return state == KafkaStreams.State.RUNNING
                ? HttpResponse.ok(body)
                : HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    private HttpResponse<String> route(HttpRequest<?> request, String directoryId, String forwarded,
                                       java.util.function.Function<UserQueries.Owner, HttpResponse<String>> local) {
        return router.route(request, directoryId, forwarded, local);
    }

    private static HttpResponse<String> unavailable() {
        return DirectoryRouter.unavailable();
    }

    private static String page(long total, int startIndex, java.util.List<UserLifecycle> items) {
        StringBuilder out = new StringBuilder(64 + items.size() * 512);
        out.append("{\"totalResults\":").append(total).append(",\"startIndex\":").append(startIndex)
                .append(",\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(ContractJson.toJson(items.get(i)));
        }
        return out.append("]}").toString();
    }
}
