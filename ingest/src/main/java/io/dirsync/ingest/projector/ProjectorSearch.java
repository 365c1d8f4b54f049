package io.dirsync.ingest.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.dirsync.ingest.BackendUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.uri.UriBuilder;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls the projector's search endpoints ({@code /query/directories/{d}/users|groups/search}): a 400 there is
 * the client's filter or sort, answered as the SCIM {@code BadRequestException} with the projector's scimType;
 * anything else that fails is the backend's (503).
 */
final class ProjectorSearch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectorSearch() {
    }

    static JsonNode search(HttpClient client, String directoryId, String resources, String filter, String sortBy,
                           String sortOrder, int startIndex, int count) throws BadRequestException {
        try {
            return JSON.readTree(client.toBlocking().retrieve(HttpRequest.GET(
                    uri(directoryId, resources, filter, sortBy, sortOrder, startIndex, count)), byte[].class));
        } catch (IOException | RuntimeException e) {
            Exception failure = failure(e);
            if (failure instanceof BadRequestException refused) {
                throw refused;
            }
            throw (RuntimeException) failure;
        }
    }

    /** {@link #search} without a thread waiting: fails with the same BadRequestException or 503. */
    static CompletableFuture<JsonNode> searchAsync(HttpClient client, String directoryId, String resources,
                                                   String filter, String sortBy, String sortOrder, int startIndex,
                                                   int count) {
        return ProjectorHttp.first(client.retrieve(HttpRequest.GET(
                uri(directoryId, resources, filter, sortBy, sortOrder, startIndex, count)), byte[].class))
                .handle((body, error) -> {
                    if (error == null) {
                        try {
                            return JSON.readTree(body);
                        } catch (IOException | RuntimeException e) {
                            error = e;
                        }
                    }
                    throw new CompletionException(failure(error));
                });
    }

    private static URI uri(String directoryId, String resources, String filter, String sortBy, String sortOrder,
                           int startIndex, int count) {
        UriBuilder uri = UriBuilder.of("/query/directories").path(directoryId).path(resources).path("search")
                .queryParam("startIndex", startIndex).queryParam("count", count);
        if (filter != null && !filter.isBlank()) {
            uri.queryParam("filter", filter);
        }
        if (sortBy != null && !sortBy.isBlank()) {
            uri.queryParam("sortBy", sortBy);
        }
        if (sortOrder != null && !sortOrder.isBlank()) {
            uri.queryParam("sortOrder", sortOrder);
        }
        return uri.build();
    }

    /** A 400 from the projector is the client's query (BadRequestException); anything else is a 503. */
    private static Exception failure(Throwable e) {
        if (e instanceof HttpClientResponseException response) {
            if (response.getStatus() == HttpStatus.BAD_REQUEST) {
                return refusal(response.getResponse().getBody(String.class).orElse(""));
            }
            return new BackendUnavailableException("projector answered " + response.getStatus().getCode(), response);
        }
        return new BackendUnavailableException("projector unreachable", e);
    }

    private static BadRequestException refusal(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            String scimType = error.path("scimType").asText(BadRequestException.INVALID_FILTER);
            return new BadRequestException(error.path("error").asText("the query was refused"), scimType);
        } catch (IOException e) {
            return BadRequestException.invalidFilter("the query was refused");
        }
    }
}
