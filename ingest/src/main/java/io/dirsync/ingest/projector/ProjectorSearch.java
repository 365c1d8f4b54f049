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
        try {
            return JSON.readTree(client.toBlocking().retrieve(HttpRequest.GET(uri.build()), byte[].class));
        } catch (HttpClientResponseException e) {
            if (e.getStatus() == HttpStatus.BAD_REQUEST) {
                throw refusal(e.getResponse().getBody(String.class).orElse(""));
            }
            throw new BackendUnavailableException("projector answered " + e.getStatus().getCode(), e);
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException("projector unreachable", e);
        }
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
