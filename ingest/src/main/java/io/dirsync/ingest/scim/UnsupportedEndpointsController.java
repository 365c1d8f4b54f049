package io.dirsync.ingest.scim;

import com.unboundid.scim2.common.exceptions.NotImplementedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;

/**
 * {@code /Me} (RFC 7644 §3.11) and {@code /Bulk} (§3.7) answer 501 to every method: a token here stands for a
 * directory, not a user, and bulk is advertised unsupported in {@code /ServiceProviderConfig}. A 501 in the SCIM
 * error schema tells a client so, where a 404 or 405 would read as a wrong URL.
 */
@Controller("/scim/v2")
@Consumes(MediaType.ALL)
final class UnsupportedEndpointsController {

    @Get(uris = {"/Me", "/Bulk"})
    void get(HttpRequest<?> request) throws NotImplementedException {
        throw unsupported(request);
    }

    @Post(uris = {"/Me", "/Bulk"})
    void post(HttpRequest<?> request) throws NotImplementedException {
        throw unsupported(request);
    }

    @Put(uris = {"/Me", "/Bulk"})
    void put(HttpRequest<?> request) throws NotImplementedException {
        throw unsupported(request);
    }

    @Patch(uris = {"/Me", "/Bulk"})
    void patch(HttpRequest<?> request) throws NotImplementedException {
        throw unsupported(request);
    }

    @Delete(uris = {"/Me", "/Bulk"})
    void delete(HttpRequest<?> request) throws NotImplementedException {
        throw unsupported(request);
    }

    private static NotImplementedException unsupported(HttpRequest<?> request) {
        return request.getPath().endsWith("/Me")
                ? new NotImplementedException("/Me is not supported: a token stands for a directory, not a user")
                : new NotImplementedException("bulk operations are not supported (see /ServiceProviderConfig)");
    }
}
