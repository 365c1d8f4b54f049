package io.dirsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Okta's real request sequence for one user, joiner to leaver, through the packaged ingest and projector on a
 * real broker: exactly one PROVISION and exactly one DEPROVISION come out, and every read agrees.
 */
class OktaUserFlowIT {

    @RegisterExtension
    static final PipelineExtension PIPELINE = PipelineExtension.standard();

    private static final String USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"isaac@example.com",
             "externalId":"00u1ab2cd3EF4gh5i6j7","name":{"givenName":"Isaac","familyName":"Brock"},
             "emails":[{"primary":true,"value":"isaac@example.com","type":"work"}],"displayName":"Isaac Brock",
             "locale":"en-US","groups":[],"password":"1mz050nq","active":true}""";

    @Test
    void shouldTurnOktasJoinerToLeaverSequenceIntoExactlyOneProvisionAndOneDeprovision() throws Exception {
        String lookup = "/Users?filter=" + URLEncoder.encode("userName eq \"isaac@example.com\"", StandardCharsets.UTF_8)
                + "&startIndex=1&count=100";

        // Okta looks the user up first: nothing yet.
        Pipeline.Response before = PIPELINE.scim("GET", lookup, null);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body().path("totalResults").asInt()).isZero();

        // Create, then read back.
        Pipeline.Response created = PIPELINE.scim("POST", "/Users", USER);
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asText();
        assertThat(created.body().has("password")).isFalse();
        Pipeline.Response fetched = PIPELINE.scim("GET", "/Users/" + id, null);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body().path("userName").asText()).isEqualTo("isaac@example.com");

        Pipeline.Response found = PIPELINE.scim("GET", lookup, null);
        assertThat(found.body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.body().path("Resources").get(0).path("id").asText()).isEqualTo(id);

        // A second POST of the same userName is a conflict.
        Pipeline.Response duplicate = PIPELINE.scim("POST", "/Users", USER);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("scimType").asText()).isEqualTo("uniqueness");
        // ... and a counted anomaly, visible on the projector's health endpoint.
        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + PIPELINE.projectorPort()
                        + "/query/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(Pipeline.JSON.readTree(health.body()).path("anomalies").path("USERNAME_TAKEN").asLong())
                .isEqualTo(1);

        // Profile update: PUT of the full object as Okta echoes it, with a changed attribute.
        JsonNode echoed = fetched.body().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) echoed.path("name")).put("familyName", "Brock-Smith");
        Pipeline.Response updated = PIPELINE.scim("PUT", "/Users/" + id, Pipeline.JSON.writeValueAsString(echoed));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("name").path("familyName").asText()).isEqualTo("Brock-Smith");

        // Deactivation: Okta's path-less replace.
        Pipeline.Response deactivated = PIPELINE.scim("PATCH", "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.body().path("active").asBoolean()).isFalse();

        String key = Keys.user(PIPELINE.directoryId(), id);
        AvroCodec<AccessCommand> commands = AvroCodec.of(AccessCommand.class);
        await("DEPROVISION on " + Topics.ACCESS_COMMANDS).atMost(Duration.ofSeconds(30)).until(() ->
                types(PIPELINE.readAll(Topics.ACCESS_COMMANDS, commands::decode), key)
                        .contains(AccessCommandType.DEPROVISION));
        assertThat(types(PIPELINE.readAll(Topics.ACCESS_COMMANDS, commands::decode), key))
                .containsExactly(AccessCommandType.PROVISION, AccessCommandType.UPDATE, AccessCommandType.DEPROVISION);

        AvroCodec<UserLifecycle> lifecycle = AvroCodec.of(UserLifecycle.class);
        List<ConsumerRecord<String, UserLifecycle>> states = PIPELINE.readAll(Topics.USER_LIFECYCLE, lifecycle::decode)
                .stream().filter(r -> key.equals(r.key())).toList();
        assertThat(states.get(states.size() - 1).value().getState()).isEqualTo(UserState.INACTIVE);

        Pipeline.Response after = PIPELINE.scim("GET", "/Users/" + id, null);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body().path("active").asBoolean()).isFalse();
        // Deactivated users stay visible to Okta's lookup.
        assertThat(PIPELINE.scim("GET", lookup, null).body().path("totalResults").asInt()).isEqualTo(1);

        // Re-assignment: Okta POSTs the same user again. The same person returns, with the same id, no 409 loop.
        Pipeline.Response reassigned = PIPELINE.scim("POST", "/Users", USER);
        assertThat(reassigned.status()).isEqualTo(201);
        assertThat(reassigned.body().path("id").asText()).isEqualTo(id);
        assertThat(reassigned.body().path("active").asBoolean()).isTrue();
        await("REPROVISION").atMost(Duration.ofSeconds(30)).until(() ->
                types(PIPELINE.readAll(Topics.ACCESS_COMMANDS, commands::decode), key)
                        .contains(AccessCommandType.REPROVISION));
    }

    private static List<AccessCommandType> types(List<ConsumerRecord<String, AccessCommand>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).map(r -> r.value().getType()).toList();
    }
}
