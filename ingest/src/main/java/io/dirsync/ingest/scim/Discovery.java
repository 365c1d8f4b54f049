package io.dirsync.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.unboundid.scim2.common.utils.SchemaUtils;
import java.beans.IntrospectionException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The discovery documents (RFC 7644 §4, RFC 7643 §5–7), stating only what the edge implements and enforces:
 * PATCH yes; filters (the full RFC 7644 §3.4.2.2 grammar, bounded by {@link ScimLimits}) with at most
 * {@link UsersController#MAX_COUNT} results per response; sorting; ETags; bearer tokens; bulk and password
 * change no. The schema has no place for the filter's size bounds or the PATCH operation bound; they are in
 * the README's configuration table and every refusal names them. The schemas are the SDK's definitions of the
 * core User and the enterprise extension, which carry RFC 7643's descriptions. A client that reads these and
 * then finds a feature missing has been lied to, so a change to what is served changes them too.
 */
final class Discovery {

    static final String USER_RESOURCE_TYPE = "User";
    static final String GROUP_RESOURCE_TYPE = "Group";
    /** Bodies are capped by micronaut.server.max-request-size; bulk is unsupported, but its limit is the same. */
    static final int MAX_PAYLOAD_SIZE = 1_048_576;

    private static final ObjectNode SERVICE_PROVIDER_CONFIG = JsonUtils.valueToNode(new ServiceProviderConfigResource(
            null,
            new PatchConfig(true),
            new BulkConfig(false, 0, MAX_PAYLOAD_SIZE),
            new FilterConfig(true, UsersController.MAX_COUNT),
            new ChangePasswordConfig(false),
            new SortConfig(true),
            new ETagConfig(true),
            List.of(AuthenticationScheme.createOAuth2BearerToken(true))));

    private static final ObjectNode USER_TYPE = JsonUtils.valueToNode(new ResourceTypeResource(
            USER_RESOURCE_TYPE, USER_RESOURCE_TYPE, "User Account", URI.create("/Users"),
            URI.create(UserDocuments.USER_SCHEMA),
            List.of(new ResourceTypeResource.SchemaExtension(URI.create(UserDocuments.ENTERPRISE), false))));

    private static final ObjectNode GROUP_TYPE = JsonUtils.valueToNode(new ResourceTypeResource(
            GROUP_RESOURCE_TYPE, GROUP_RESOURCE_TYPE, "Group", URI.create("/Groups"),
            URI.create(GroupDocuments.GROUP_SCHEMA), null));

    /** Core User first: the order clients list them in. */
    private static final List<ObjectNode> SCHEMAS = List.of(schema(UserResource.class), enterpriseSchema(),
            schema(GroupResource.class));

    private Discovery() {
    }

    static ObjectNode serviceProviderConfig(String baseUrl) {
        return withMeta(SERVICE_PROVIDER_CONFIG, "ServiceProviderConfig", baseUrl + "/ServiceProviderConfig");
    }

    /** Every resource type served, Users first. */
    static List<ObjectNode> resourceTypes(String baseUrl) {
        return List.of(withMeta(USER_TYPE, "ResourceType", baseUrl + "/ResourceTypes/" + USER_RESOURCE_TYPE),
                withMeta(GROUP_TYPE, "ResourceType", baseUrl + "/ResourceTypes/" + GROUP_RESOURCE_TYPE));
    }

    static Optional<ObjectNode> resourceType(String name, String baseUrl) {
        return resourceTypes(baseUrl).stream().filter(t -> t.path("id").asText().equalsIgnoreCase(name)).findFirst();
    }

    static List<ObjectNode> schemas(String baseUrl) {
        return SCHEMAS.stream()
                .map(s -> withMeta(s, "Schema", baseUrl + "/Schemas/" + s.path("id").asText()))
                .toList();
    }

    /** Schema URIs compared without case, like attribute names (RFC 7643 §2.1). */
    static Optional<ObjectNode> schema(String id, String baseUrl) {
        return schemas(baseUrl).stream().filter(s -> s.path("id").asText().equalsIgnoreCase(id)).findFirst();
    }

    private static ObjectNode withMeta(ObjectNode document, String resourceType, String location) {
        ObjectNode copy = document.deepCopy();
        ObjectNode meta = copy.putObject("meta");
        meta.put("resourceType", resourceType);
        meta.put("location", location);
        return copy;
    }

    private static ObjectNode schema(Class<?> type) {
        try {
            return JsonUtils.valueToNode(SchemaUtils.getSchema(type));
        } catch (IntrospectionException e) {
            throw new IllegalStateException("the SDK's own schema classes always introspect", e);
        }
    }

    /**
     * The SDK marks manager's {@code value} and {@code $ref} required; RFC 7643 §8.7.1 does not, and Entra
     * sends a manager without {@code $ref}. Nothing here requires them, so the published schema does not either.
     */
    private static ObjectNode enterpriseSchema() {
        ObjectNode schema = schema(EnterpriseUserExtension.class);
        for (JsonNode attribute : schema.path("attributes")) {
            if (attribute.path("name").asText().equals("manager")) {
                attribute.path("subAttributes").forEach(sub -> ((ObjectNode) sub).put("required", false));
            }
        }
        return schema;
    }
}
