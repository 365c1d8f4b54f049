package io.dirsync.ingest;

import io.dirsync.ingest.scim.TokenRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Readiness of ingest (no authentication): up once the outcome follower is positioned and tokens are loaded. */
@Controller("/health")
final class HealthController {

    private final TokenRegistry tokens;

    HealthController(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> health() {
        return HttpResponse.ok("{\"status\":\"UP\",\"scimTokens\":" + (tokens.isEmpty() ? "false" : "true") + "}");
    }
}
