package io.dirsync.projector.query;

import io.dirsync.projector.query.search.GroupSearchSource;
import io.dirsync.projector.query.search.ResourceKind;
import io.dirsync.projector.query.search.SearchException;
import io.dirsync.projector.query.search.SearchFilter;
import io.dirsync.projector.query.search.SearchLimits;
import io.dirsync.projector.query.search.Searcher;
import io.dirsync.projector.query.search.SortSpec;
import io.dirsync.projector.query.search.UserSearchSource;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.ContractJson;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.UserLifecycle;
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
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * SCIM searches (RFC 7644 §3.4.2) of a directory's users and groups, evaluated next to the data with the SCIM
 * SDK: {@code filter}, {@code sortBy}, {@code sortOrder}, {@code startIndex}, {@code count}. Answers
 * {@code {totalResults, startIndex, items}} like the list endpoints; a filter or sort the query layer refuses is
 * 400 {@code {"error", "scimType"}} (invalidFilter / invalidValue), checked before any store is read.
 */
@Controller("/query/directories/{directoryId}")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class SearchController {

    /** The largest page, as on the list endpoints. */
    static final int MAX_COUNT = 10_000;

    private final KafkaStreams streams;
    private final DirectoryRouter router;
    private final SearchLimits limits;

    SearchController(KafkaStreams streams, DirectoryRouter router, SearchLimits limits) {
        this.streams = streams;
        this.router = router;
        this.limits = limits;
    }

    @Get(uri = "/users/search", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> users(HttpRequest<?> request, @PathVariable String directoryId,
                               @Nullable @QueryValue String filter, @Nullable @QueryValue String sortBy,
                               @Nullable @QueryValue String sortOrder, @Nullable @QueryValue String startIndex,
                               @Nullable @QueryValue String count,
                               @Nullable @Header(QueryController.FORWARDED) String forwarded) {
        try {
            Query query = Query.parse(ResourceKind.USER, filter, sortBy, sortOrder, startIndex, count, limits);
            return router.route(request, directoryId, forwarded, owner -> answer(() -> {
                UserSearchSource source = new UserSearchSource(directoryId,
                        store(owner, ProjectorTopology.USERS_STORE),
                        store(owner, ProjectorTopology.USERNAMES_STORE),
                        store(owner, ProjectorTopology.EXTERNALIDS_STORE),
                        store(owner, ProjectorTopology.MEMBERS_STORE),
                        store(owner, ProjectorTopology.USER_GROUPS_STORE));
                Searcher.Page<UserLifecycle> page = Searcher.search(source, query.filter(), query.sort(),
                        query.startIndex(), query.count());
                return page(page.totalResults(), page.startIndex(), page.items());
            }));
        } catch (SearchException e) {
            return badRequest(e);
        }
    }

    @Get(uri = "/groups/search", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> groups(HttpRequest<?> request, @PathVariable String directoryId,
                                @Nullable @QueryValue String filter, @Nullable @QueryValue String sortBy,
                                @Nullable @QueryValue String sortOrder, @Nullable @QueryValue String startIndex,
                                @Nullable @QueryValue String count,
                                @Nullable @Header(QueryController.FORWARDED) String forwarded) {
        try {
            Query query = Query.parse(ResourceKind.GROUP, filter, sortBy, sortOrder, startIndex, count, limits);
            return router.route(request, directoryId, forwarded, owner -> answer(() -> {
                GroupSearchSource source = new GroupSearchSource(directoryId,
                        store(owner, ProjectorTopology.GROUPS_STORE),
                        store(owner, ProjectorTopology.GROUPNAMES_STORE),
                        store(owner, ProjectorTopology.GROUP_EXTERNALIDS_STORE),
                        store(owner, ProjectorTopology.MEMBERS_STORE),
                        store(owner, ProjectorTopology.USER_GROUPS_STORE));
                Searcher.Page<GroupState> page = Searcher.search(source, query.filter(), query.sort(),
                        query.startIndex(), query.count());
                return page(page.totalResults(), page.startIndex(), page.items());
            }));
        } catch (SearchException e) {
            return badRequest(e);
        }
    }

    /** A search's parameters, validated before anything is read. */
    record Query(SearchFilter filter, SortSpec sort, int startIndex, int count) {

        static Query parse(ResourceKind kind, String filter, String sortBy, String sortOrder, String startIndex,
                           String count, SearchLimits limits) {
            SearchFilter parsed = filter == null || filter.isBlank() ? null : SearchFilter.parse(filter, kind, limits);
            SortSpec sort = SortSpec.parse(sortBy, sortOrder, kind);
            int start = integer(startIndex, "startIndex", 1);
            int size = integer(count, "count", 100);
            if (size < 0 || size > MAX_COUNT) {
                throw SearchException.invalidValue("count must be between 0 and " + MAX_COUNT);
            }
            return new Query(parsed, sort, Math.max(1, start), size);
        }

        private static int integer(String value, String name, int absent) {
            if (value == null || value.isBlank()) {
                return absent;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw SearchException.invalidValue(name + " must be an integer");
            }
        }
    }

    private static HttpResponse<String> answer(java.util.function.Supplier<String> search) {
        try {
            return HttpResponse.ok(search.get());
        } catch (SearchException e) {
            // Some misfits only show on data (a gt on a boolean value): still the filter's fault, still a 400.
            return badRequest(e);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(UserQueries.Owner owner, String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<String, V>keyValueStore()).withPartition(owner.partition()));
    }

    static HttpResponse<String> badRequest(SearchException e) {
        return HttpResponse.<String>badRequest()
                .body("{\"error\":" + Json.quote(e.getMessage()) + ",\"scimType\":" + Json.quote(e.scimType()) + "}");
    }

    private static String page(long total, int startIndex, List<? extends IndexedRecord> items) {
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
