package io.dirsync.ingest.scim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * JSON in and out of the SCIM edge. Request bodies are parsed from raw bytes, in the declared charset when one
 * is given, with bounded nesting. A body without a content type is read as JSON (some IdPs send none); a body
 * declared as anything but JSON ({@code application/json}, {@code application/scim+json}, any
 * {@code application/*+json}) is 415: RFC 7644 §3.8 defines only JSON bodies and has clients name another format
 * in {@code Content-Type}, so a {@code text/plain} body is not read as a SCIM request.
 */
final class ScimJson {

    static final String SCIM_JSON_TYPE = "application/scim+json";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final MediaType SCIM_JSON = new MediaType(SCIM_JSON_TYPE);
    static final int MAX_NESTING = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build());

    private ScimJson() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses a request body that must be a JSON object, declared as JSON or not declared at all. */
    static ObjectNode parseObject(byte[] body, Optional<MediaType> contentType) throws ScimException {
        if (contentType.isPresent() && !isJson(contentType.get())) {
            throw new ScimException(415, null, "a SCIM request body is JSON: send it as application/scim+json or"
                    + " application/json, not " + contentType.get().getName());
        }
        if (body == null || body.length == 0) {
            throw BadRequestException.invalidSyntax("the request body is empty");
        }
        try {
            // JSON between systems is UTF-8 (RFC 8259 §8.1); clients have labelled UTF-8 as ISO-8859-1, so a
            // declared charset is used only for a body that is not valid UTF-8.
            JsonNode node = contentType.flatMap(ScimJson::charset)
                    .filter(c -> !c.equals(StandardCharsets.UTF_8) && !isUtf8(body))
                    .map(c -> parse(new String(body, c)))
                    .orElseGet(() -> parse(body));
            if (!(node instanceof ObjectNode object)) {
                throw BadRequestException.invalidSyntax("the request body must be a JSON object");
            }
            return object;
        } catch (InvalidJson e) {
            throw BadRequestException.invalidSyntax("the request body is not valid JSON: " + e.getMessage());
        }
    }

    static ObjectNode parseObject(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node instanceof ObjectNode o ? o : object();
        } catch (JsonProcessingException e) {
            return object();
        }
    }

    /** A ListResponse (RFC 7644 §3.4.2): the counts are integers, as Okta's client insists. */
    static ObjectNode listResponse(long totalResults, int startIndex, List<? extends JsonNode> resources) {
        ObjectNode body = object();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", totalResults);
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", resources.size());
        body.putArray("Resources").addAll(resources);
        return body;
    }

    /** Every successful SCIM answer: the body as {@code application/scim+json}. */
    static MutableHttpResponse<String> respond(int status, JsonNode body) {
        return HttpResponse.<String>status(HttpStatus.valueOf(status))
                .contentType(SCIM_JSON)
                .body(write(body));
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new InvalidJson(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidJson(e);
        }
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** {@code application/json}, {@code application/scim+json} or another {@code application/*+json}. */
    static boolean isJson(MediaType type) {
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return type.getType().equalsIgnoreCase("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    private static Optional<Charset> charset(MediaType type) {
        try {
            return type.getCharset();
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /** Carries a parse failure out of the lambdas above. */
    private static final class InvalidJson extends RuntimeException {
        InvalidJson(Exception cause) {
            super(cause.getMessage().lines().findFirst().orElse("malformed"), cause);
        }
    }
}
