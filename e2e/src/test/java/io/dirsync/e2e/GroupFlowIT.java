package io.dirsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Topics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Okta's group push through the packaged ingest and projector on a real broker: memberships become
 * GRANT/REVOKE commands per member, a renamed user's display follows, and deleting the group revokes every
 * member's access even though the client sends nothing per member.
 */
class GroupFlowIT {

    @RegisterExtension
    static final PipelineExtension PIPELINE = PipelineExtension.standard();

    @Test
    void shouldGrantAndRevokeGroupAccessPerMemberAndRevokeAllWhenTheGroupIsDeleted() throws Exception {
        String ada = user("ada.group@example.com", "Ada");
        String bob = user("bob.group@example.com", "Bob");

        Pipeline.Response created = PIPELINE.scim("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Pilots","members":[]}""");
        assertThat(created.status()).isEqualTo(201);
        String group = created.body().path("id").asText();
        assertThat(PIPELINE.scim("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","value":{"id":"%s","displayName":"Pilots"}},
                 {"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}""".formatted(group, ada, bob))
                .status()).isEqualTo(204);

        // A renamed user shows under the new name in the group's members.
        PIPELINE.scim("PATCH", "/Users/" + ada, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Ada L."}]}""");
        Pipeline.Response read = PIPELINE.scim("GET", "/Groups/" + group, null);
        assertThat(read.body().path("members").findValuesAsText("display")).containsExactlyInAnyOrder("Ada L.", "Bob");
        Pipeline.Response slim = PIPELINE.scim("GET", "/Groups?excludedAttributes=members&filter="
                + URLEncoder.encode("displayName eq \"pilots\"", StandardCharsets.UTF_8), null);
        assertThat(slim.body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(slim.body().path("Resources").get(0).has("members")).isFalse();

        assertThat(PIPELINE.scim("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(bob)).status()).isEqualTo(204);
        assertThat(PIPELINE.scim("DELETE", "/Groups/" + group, null).status()).isEqualTo(204);

        AvroCodec<AccessCommand> codec = AvroCodec.of(AccessCommand.class);
        await("REVOKE for ada").atMost(Duration.ofSeconds(30)).until(() -> groupCommands(codec, group).size() == 4);
        assertThat(groupCommands(codec, group))
                .extracting(r -> r.value().getUserId(), r -> r.value().getType())
                .containsExactlyInAnyOrder(
                        tuple(ada, AccessCommandType.GRANT_GROUP_ACCESS),
                        tuple(bob, AccessCommandType.GRANT_GROUP_ACCESS),
                        tuple(bob, AccessCommandType.REVOKE_GROUP_ACCESS),
                        tuple(ada, AccessCommandType.REVOKE_GROUP_ACCESS));
        assertThat(PIPELINE.scim("GET", "/Groups/" + group, null).status()).isEqualTo(404);
    }

    private static List<ConsumerRecord<String, AccessCommand>> groupCommands(AvroCodec<AccessCommand> codec,
                                                                             String groupId) {
        return PIPELINE.readAll(Topics.ACCESS_COMMANDS, codec::decode).stream()
                .filter(r -> r.value().getGroup() != null && groupId.equals(r.value().getGroup().getGroupId()))
                .toList();
    }

    private static String user(String userName, String displayName) throws Exception {
        Pipeline.Response r = PIPELINE.scim("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","displayName":"%s"}"""
                .formatted(userName, displayName));
        assertThat(r.status()).isEqualTo(201);
        return r.body().path("id").asText();
    }
}
