package io.dirsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Topics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Okta's group push through the packaged ingest and projector on a real broker: memberships become
 * GRANT/REVOKE commands per member, a renamed user's display follows, and deleting the group revokes every
 * member's access even though the client sends nothing per member.
 */
class GroupFlowIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    @TempDir
    static Path state;

    static Pipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = Pipeline.start(KAFKA.bootstrapServers(), state);
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldGrantAndRevokeGroupAccessPerMemberAndRevokeAllWhenTheGroupIsDeleted() throws Exception {
        String ada = user("ada.group@example.com", "Ada");
        String bob = user("bob.group@example.com", "Bob");

        Pipeline.Response created = pipeline.scim("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Pilots","members":[]}""");
        assertThat(created.status()).isEqualTo(201);
        String group = created.body().path("id").asText();
        assertThat(pipeline.scim("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","value":{"id":"%s","displayName":"Pilots"}},
                 {"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}""".formatted(group, ada, bob))
                .status()).isEqualTo(204);

        // A renamed user shows under the new name in the group's members.
        pipeline.scim("PATCH", "/Users/" + ada, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Ada L."}]}""");
        Pipeline.Response read = pipeline.scim("GET", "/Groups/" + group, null);
        assertThat(read.body().path("members").findValuesAsText("display")).containsExactlyInAnyOrder("Ada L.", "Bob");
        Pipeline.Response slim = pipeline.scim("GET", "/Groups?excludedAttributes=members&filter="
                + URLEncoder.encode("displayName eq \"pilots\"", StandardCharsets.UTF_8), null);
        assertThat(slim.body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(slim.body().path("Resources").get(0).has("members")).isFalse();

        assertThat(pipeline.scim("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(bob)).status()).isEqualTo(204);
        assertThat(pipeline.scim("DELETE", "/Groups/" + group, null).status()).isEqualTo(204);

        AvroCodec<AccessCommand> codec = AvroCodec.of(AccessCommand.class);
        await("REVOKE for ada").atMost(Duration.ofSeconds(30)).until(() -> groupCommands(codec, group).size() == 4);
        assertThat(groupCommands(codec, group))
                .extracting(r -> r.value().getUserId(), r -> r.value().getType())
                .containsExactlyInAnyOrder(
                        tuple(ada, AccessCommandType.GRANT_GROUP_ACCESS),
                        tuple(bob, AccessCommandType.GRANT_GROUP_ACCESS),
                        tuple(bob, AccessCommandType.REVOKE_GROUP_ACCESS),
                        tuple(ada, AccessCommandType.REVOKE_GROUP_ACCESS));
        assertThat(pipeline.scim("GET", "/Groups/" + group, null).status()).isEqualTo(404);
    }

    private static List<ConsumerRecord<String, AccessCommand>> groupCommands(AvroCodec<AccessCommand> codec,
                                                                             String groupId) {
        return pipeline.readAll(Topics.ACCESS_COMMANDS, codec::decode).stream()
                .filter(r -> r.value().getGroup() != null && groupId.equals(r.value().getGroup().getGroupId()))
                .toList();
    }

    private static String user(String userName, String displayName) throws Exception {
        Pipeline.Response r = pipeline.scim("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","displayName":"%s"}"""
                .formatted(userName, displayName));
        assertThat(r.status()).isEqualTo(201);
        return r.body().path("id").asText();
    }
}
