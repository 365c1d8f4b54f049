package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** Renders the SCIM error schema (RFC 7644 §3.12): {@code status} as a string, {@code scimType}, {@code detail}. */
final class ScimErrors {

    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private ScimErrors() {
    }

    static MutableHttpResponse<String> response(ScimException e) {
        return response(e.getScimError().getStatus(), e.getScimError().getScimType(), e.getScimError().getDetail());
    }

    static MutableHttpResponse<String> response(int status, String scimType, String detail) {
        ObjectNode body = ScimJson.object();
        body.putArray("schemas").add(ERROR_SCHEMA);
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        if (detail != null) {
            body.put("detail", detail);
        }
        return HttpResponse.<String>status(HttpStatus.valueOf(status))
                .contentType(ScimJson.SCIM_JSON)
                .body(ScimJson.write(body));
    }
}
