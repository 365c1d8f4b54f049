package io.dirsync.projector.query;

import io.dirsync.schemas.ContractJson;
import io.dirsync.schemas.GroupState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Optional;

/**
 * Group queries: groups without their members (cheap at any size), members page by page with current
 * display names, and a user's groups. Lists are {@code {totalResults, startIndex, items}}.
 */
@Controller("/query/directories/{directoryId}")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class GroupQueryController {

    private final GroupQueries groups;
    private final DirectoryRouter router;

    GroupQueryController(GroupQueries groups, DirectoryRouter router) {
        this.groups = groups;
        this.router = router;
    }

    @Get(uri = "/groups/{groupId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> group(HttpRequest<?> request, @PathVariable String directoryId, @PathVariable String groupId,
                               @Nullable @Header(QueryController.FORWARDED) String forwarded) {
        return router.route(request, directoryId, forwarded, owner -> groups.byId(owner, directoryId, groupId)
                .<HttpResponse<String>>map(g -> HttpResponse.ok(ContractJson.toJson(g)))
                .orElseGet(() -> DirectoryRouter.notFound("group")));
    }

    @Get(uri = "/groups", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> groups(HttpRequest<?> request, @PathVariable String directoryId,
                                @Nullable @QueryValue String displayName,
                                @QueryValue(defaultValue = "1") int startIndex,
                                @QueryValue(defaultValue = "100") int count,
                                @Nullable @Header(QueryController.FORWARDED) String forwarded) {
        if (count < 0 || count > 10_000) {
            return HttpResponse.<String>badRequest().body("{\"error\":\"count must be between 0 and 10000\"}");
        }
        return router.route(request, directoryId, forwarded, owner -> {
            if (displayName != null) {
                Optional<GroupState> group = groups.byDisplayName(owner, directoryId, displayName);
                return HttpResponse.ok(page(group.isPresent() ? 1 : 0, 1,
                        group.filter(g -> startIndex <= 1 && count > 0).stream().map(ContractJson::toJson).toList()));
            }
            GroupQueries.Page<GroupState> page = groups.page(owner, directoryId, startIndex, count);
            return HttpResponse.ok(page(page.totalResults(), page.startIndex(),
                    page.items().stream().map(ContractJson::toJson).toList()));
        });
    }

    @Get(uri = "/groups/{groupId}/members", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> members(HttpRequest<?> request, @PathVariable String directoryId,
                                 @PathVariable String groupId,
                                 @QueryValue(defaultValue = "1") int startIndex,
                                 @QueryValue(defaultValue = "1000") int count,
                                 @Nullable @Header(QueryController.FORWARDED) String forwarded) {
        if (count < 0 || count > 100_000) {
            return HttpResponse.<String>badRequest().body("{\"error\":\"count must be between 0 and 100000\"}");
        }
        return router.route(request, directoryId, forwarded, owner -> {
            if (groups.byId(owner, directoryId, groupId).isEmpty()) {
                return DirectoryRouter.notFound("group");
            }
            GroupQueries.Page<GroupQueries.Member> page = groups.members(owner, directoryId, groupId, startIndex,
                    count);
            return HttpResponse.ok(page(page.totalResults(), page.startIndex(),
                    page.items().stream().map(GroupQueryController::json).toList()));
        });
    }

    @Get(uri = "/users/{userId}/groups", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> groupsOf(HttpRequest<?> request, @PathVariable String directoryId,
                                  @PathVariable String userId,
                                  @Nullable @Header(QueryController.FORWARDED) String forwarded) {
        return router.route(request, directoryId, forwarded, owner -> {
            List<GroupState> of = groups.groupsOf(owner, directoryId, userId);
            return HttpResponse.ok(page(of.size(), 1, of.stream().map(g -> "{\"groupId\":" + Json.quote(g.getGroupId())
                    + ",\"displayName\":" + Json.quote(g.getDisplayName()) + "}").toList()));
        });
    }

    private static String json(GroupQueries.Member m) {
        return "{\"userId\":" + Json.quote(m.userId()) + ",\"userName\":" + Json.quote(m.userName())
                + ",\"displayName\":" + Json.quote(m.displayName()) + "}";
    }

    static String page(long total, int startIndex, List<String> items) {
        return "{\"totalResults\":" + total + ",\"startIndex\":" + startIndex + ",\"items\":["
                + String.join(",", items) + "]}";
    }
}
