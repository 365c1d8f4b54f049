package io.dirsync.projector.guard;

import io.dirsync.projector.lifecycle.GuardPolicy;
import io.dirsync.projector.query.DirectoryRouter;
import io.dirsync.projector.query.GroupQueries;
import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.schemas.ContractJson;
import io.dirsync.schemas.DiscardHeldCommands;
import io.dirsync.schemas.GuardState;
import io.dirsync.schemas.HeldCommand;
import io.dirsync.schemas.ReleaseHeldCommands;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of the mass-deprovision guard: see what is held, then release or discard it.
 * Decisions are appended to the change log (source OPERATOR) and take effect when the fold reaches them;
 * the answer is 202 with the decision's changeId.
 */
@Controller("/guard/directories/{directoryId}")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class GuardController {

    private static final Logger LOG = LoggerFactory.getLogger(GuardController.class);

    private final GroupQueries queries;
    private final DirectoryRouter router;
    private final OperatorLog log;
    private final GuardConfig config;
    private final ReplayMarks marks;

    GuardController(GroupQueries queries, DirectoryRouter router, OperatorLog log, GuardConfig config,
                    ReplayMarks marks) {
        this.queries = queries;
        this.router = router;
        this.log = log;
        this.config = config;
        this.marks = marks;
    }

    /** A release or discard: which held commands (none listed: all of them), who, and why. */
    @Serdeable
    public record Decision(@Nullable List<String> commandIds, @Nullable String operator, @Nullable String reason) {
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> status(HttpRequest<?> request, @PathVariable String directoryId,
                                @Nullable @Header("X-Dirsync-Forwarded") String forwarded) {
        return router.route(request, directoryId, forwarded, owner -> {
            GuardPolicy policy = config.policies().of(directoryId);
            GuardState state = queries.guard(owner, directoryId).orElse(null);
            List<HeldCommand> held = queries.held(owner, directoryId);
            String body = "{\"directoryId\":\"" + directoryId.replace("\"", "") + "\""
                    + ",\"policy\":{\"enabled\":" + policy.enabled() + ",\"fraction\":" + policy.fraction()
                    + ",\"minimum\":" + policy.minimum() + ",\"windowSeconds\":" + policy.window().toSeconds() + "}"
                    + ",\"state\":" + (state == null ? "null" : ContractJson.toJson(state))
                    + ",\"held\":[" + held.stream().map(ContractJson::toJson).collect(Collectors.joining(",")) + "]}";
            return HttpResponse.ok(body);
        });
    }

    @Post(uri = "/release", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> release(@PathVariable String directoryId, @Body Decision decision) {
        return decide(directoryId, decision, true);
    }

    @Post(uri = "/discard", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> discard(@PathVariable String directoryId, @Body Decision decision) {
        return decide(directoryId, decision, false);
    }

    private HttpResponse<String> decide(String directoryId, Decision decision, boolean release) {
        if (marks.readOnly()) {
            // A point-in-time state shows what was held then; a decision belongs to the production projector.
            return HttpResponse.<String>status(HttpStatus.CONFLICT).body("{\"error\":\"this projector serves a"
                    + " point-in-time state (replay --as-of) and is read-only: release or discard on the production"
                    + " projector\"}");
        }
        if (decision.operator() == null || decision.operator().isBlank()) {
            return HttpResponse.<String>badRequest().body("{\"error\":\"operator is required (who decides, for the audit trail)\"}");
        }
        List<String> ids = decision.commandIds() == null ? List.of() : decision.commandIds();
        Object payload = release
                ? new ReleaseHeldCommands(ids, decision.operator(), decision.reason())
                : new DiscardHeldCommands(ids, decision.operator(), decision.reason());
        try {
            String changeId = log.append(directoryId, payload);
            LOG.info("guard {} of {} held commands in {} by {} as {}", release ? "release" : "discard",
                    ids.isEmpty() ? "all" : Integer.toString(ids.size()), directoryId, decision.operator(), changeId);
            return HttpResponse.<String>status(HttpStatus.ACCEPTED).body("{\"changeId\":\"" + changeId + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        } catch (Exception e) {
            LOG.warn("guard decision for {} not appended: {}", directoryId, e.toString());
            return unavailable();
        }
    }

    private static HttpResponse<String> unavailable() {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body("{\"error\":\"the change log is not reachable\"}");
    }
}
