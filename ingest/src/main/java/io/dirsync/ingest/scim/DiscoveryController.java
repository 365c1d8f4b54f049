package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ForbiddenException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/**
 * The SCIM discovery endpoints (RFC 7644 §4): {@code /ServiceProviderConfig}, {@code /ResourceTypes} and
 * {@code /Schemas}. They stay behind the bearer token, as Okta and Entra call them with it. Query parameters are
 * ignored as §4 requires, except {@code filter}, which is refused (403) so a client never takes an unfiltered
 * list for a filtered one.
 */
@Controller("/scim/v2")
final class DiscoveryController {

    @Get("/ServiceProviderConfig")
    HttpResponse<String> serviceProviderConfig(HttpRequest<?> request, @Nullable @QueryValue String filter)
            throws ForbiddenException {
        refuseFilter(filter);
        return ScimJson.respond(200, Discovery.serviceProviderConfig(UsersController.baseUrl(request)));
    }

    @Get("/ResourceTypes")
    HttpResponse<String> resourceTypes(HttpRequest<?> request, @Nullable @QueryValue String filter)
            throws ForbiddenException {
        refuseFilter(filter);
        return list(Discovery.resourceTypes(UsersController.baseUrl(request)));
    }

    @Get("/ResourceTypes/{name}")
    HttpResponse<String> resourceType(HttpRequest<?> request, @PathVariable String name)
            throws ResourceNotFoundException {
        return ScimJson.respond(200, Discovery.resourceType(name, UsersController.baseUrl(request))
                .orElseThrow(() -> new ResourceNotFoundException("no resource type " + name + " (only User)")));
    }

    @Get("/Schemas")
    HttpResponse<String> schemas(HttpRequest<?> request, @Nullable @QueryValue String filter)
            throws ForbiddenException {
        refuseFilter(filter);
        return list(Discovery.schemas(UsersController.baseUrl(request)));
    }

    @Get("/Schemas/{id}")
    HttpResponse<String> schema(HttpRequest<?> request, @PathVariable String id) throws ResourceNotFoundException {
        return ScimJson.respond(200, Discovery.schema(id, UsersController.baseUrl(request))
                .orElseThrow(() -> new ResourceNotFoundException("no schema " + id)));
    }

    private static HttpResponse<String> list(List<ObjectNode> resources) {
        return ScimJson.respond(200, ScimJson.listResponse(resources.size(), 1, resources));
    }

    private static void refuseFilter(@Nullable String filter) throws ForbiddenException {
        if (filter != null) {
            throw new ForbiddenException("discovery endpoints cannot be filtered (RFC 7644 §4)");
        }
    }
}
