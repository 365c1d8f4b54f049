package io.dirsync.ingest.workos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.ingest.workos.WorkosEventMapper.Mapped;
import io.dirsync.ingest.workos.WorkosEventMapper.Status;
import io.dirsync.schemas.ActivateDirectory;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteDirectory;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.UserAttributes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per WorkOS event fixture: what each dsync event becomes on the change log. */
class WorkosEventMapperTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String DIR = "directory_01ECAZ4NV9QMV47GW873HDCX74";
    private static final String USER = "directory_user_01E1JG7J09H96KYP8HM9B0G5SJ";
    private static final String GROUP = "directory_group_01E1JJS84MFPPQ3G655FHTKX6Z";

    private static Mapped map(String fixture) {
        return WorkosEventMapper.map(Fixtures.json(fixture), ChangeSource.WORKOS_EVENTS, NOW);
    }

    private static DirectoryChange only(Mapped m) {
        assertThat(m.status()).isEqualTo(Status.MAPPED);
        assertThat(m.changes()).hasSize(1);
        DirectoryChange c = m.changes().get(0);
        assertThat(c.getChangeId()).as("the WorkOS event id is the changeId").isEqualTo(m.eventId());
        assertThat(c.getSource()).isEqualTo(ChangeSource.WORKOS_EVENTS);
        assertThat(c.getReceivedAt()).isEqualTo(NOW);
        assertThat(c.getRequestId()).isNull();
        return c;
    }

    @Test
    void shouldActivateTheDirectoryWithItsOrganizationOnDsyncActivated() {
        DirectoryChange c = only(map("dsync.activated"));

        assertThat(c.getDirectoryId()).isEqualTo("directory_01EHWNC0FCBHZ3BJ7EGKYXK0E6");
        assertThat(c.getChangeId()).isEqualTo("event_01FKJ843CVE8F7BXQSPFH0M53V");
        ActivateDirectory a = (ActivateDirectory) c.getPayload();
        assertThat(a.getName()).isEqualTo("Foo Corp's Directory");
        assertThat(a.getOrganizationId()).isEqualTo("org_01EZTR6WYX1A0DSE2CYMGXQ24Y");
        assertThat(a.getExternalDirectoryId()).isEqualTo("directory_01EHWNC0FCBHZ3BJ7EGKYXK0E6");
        assertThat(a.getProvider()).isEqualTo("okta scim v2.0");
    }

    @Test
    void shouldDeleteTheWholeDirectoryOnDsyncDeleted() {
        DirectoryChange c = only(map("dsync.deleted"));

        assertThat(c.getDirectoryId()).isEqualTo("directory_01EHWNC0FCBHZ3BJ7EGKYXK0E6");
        assertThat(c.getPayload()).isInstanceOf(DeleteDirectory.class);
        assertThat(((DeleteDirectory) c.getPayload()).getReason()).isEqualTo("dsync.deleted");
    }

    @Test
    void shouldCreateAUserFromEmailAndCustomAttributes() {
        DirectoryChange c = only(map("dsync.user.created"));

        assertThat(c.getDirectoryId()).isEqualTo(DIR);
        assertThat(c.getOccurredAt()).as("staleness uses the object's updated_at").isEqualTo(Instant.parse("2021-06-25T19:07:33.155Z"));
        CreateUser create = (CreateUser) c.getPayload();
        assertThat(create.getUserId()).isEqualTo(USER);
        UserAttributes u = create.getUser();
        assertThat(u.getUserName()).isEqualTo("veda@foo-corp.com");
        assertThat(u.getEmail()).isEqualTo("veda@foo-corp.com");
        assertThat(u.getExternalId()).isEqualTo("00u1ab2cd3EF4gh5i6j7");
        assertThat(u.getActive()).isTrue();
        assertThat(u.getGivenName()).isEqualTo("Veda");
        assertThat(u.getFamilyName()).isEqualTo("Torp");
        assertThat(u.getDisplayName()).isEqualTo("Veda Torp");
        assertThat(u.getDepartment()).isEqualTo("Engineering");
        assertThat(u.getTitle()).isEqualTo("Software Engineer");
        assertThat(u.getManagerId()).isEqualTo("marcelina@foo-corp.com");
        JsonNode document = readTree(create.getDocument());
        assertThat(document.path("id").asText()).isEqualTo(USER);
        assertThat(document.has("raw_attributes")).as("deprecated raw_attributes are not kept").isFalse();
        assertThat(document.path("custom_attributes").path("department_name").asText()).isEqualTo("Engineering");
    }

    @Test
    void shouldReadAUserWhoseDeprecatedFieldsAreEmptyAndWithoutOrganization() {
        Mapped m = map("dsync.user.created-2026-shape");
        DirectoryChange c = only(m);

        assertThat(m.organizationId()).isNull();
        assertThat(m.notes()).isEmpty();
        UserAttributes u = ((CreateUser) c.getPayload()).getUser();
        assertThat(u.getUserName()).isEqualTo("ines@foo-corp.com");
        assertThat(u.getEmail()).isEqualTo("ines@foo-corp.com");
        assertThat(u.getTitle()).isNull();
        assertThat(u.getDepartment()).isNull();
        assertThat(u.getActive()).isTrue();
        assertThat(readTree(((CreateUser) c.getPayload()).getDocument()).has("some_field_added_later"))
                .as("unknown fields pass through in the document").isTrue();
    }

    @Test
    void shouldTurnAnInactiveUpdateIntoALeaverAndNotAPlainUpsert() {
        DirectoryChange c = only(map("dsync.user.updated-inactive"));

        ReplaceUser replace = (ReplaceUser) c.getPayload();
        assertThat(replace.getUserId()).isEqualTo(USER);
        assertThat(replace.getUser().getActive()).isFalse();
        assertThat(c.getOccurredAt()).isEqualTo(Instant.parse("2021-07-12T08:15:02.811Z"));
    }

    @Test
    void shouldTreatSuspendedAsInactive() {
        DirectoryChange c = only(map("dsync.user.updated-suspended"));

        assertThat(((ReplaceUser) c.getPayload()).getUser().getActive()).isFalse();
    }

    @Test
    void shouldFailClosedAndCountAnUnknownUserState() {
        Mapped m = map("dsync.user.updated-unknown-state");
        DirectoryChange c = only(m);

        assertThat(((ReplaceUser) c.getPayload()).getUser().getActive()).isFalse();
        assertThat(m.notes()).containsExactly("unknown-user-state:pending_verification");
    }

    @Test
    void shouldDeleteAUserOnUserDeleted() {
        DirectoryChange c = only(map("dsync.user.deleted"));

        assertThat(((DeleteUser) c.getPayload()).getUserId()).isEqualTo(USER);
        assertThat(c.getOccurredAt()).isEqualTo(Instant.parse("2021-08-01T00:00:00.000Z"));
    }

    @Test
    void shouldCreateUpdateAndDeleteGroupsWithTheirWorkosIds() {
        CreateGroup created = (CreateGroup) only(map("dsync.group.created")).getPayload();
        assertThat(created.getGroupId()).isEqualTo(GROUP);
        assertThat(created.getDisplayName()).isEqualTo("Developers");
        assertThat(created.getExternalId()).isEqualTo("02grqrue4294w24");
        assertThat(created.getAddMembers()).isEmpty();

        DirectoryChange updatedChange = only(map("dsync.group.updated"));
        UpdateGroup updated = (UpdateGroup) updatedChange.getPayload();
        assertThat(updated.getGroupId()).isEqualTo(GROUP);
        assertThat(updated.getDisplayName()).isEqualTo("Platform Developers");
        assertThat(updated.getRemoveAllMembers()).as("a rename never touches members").isFalse();
        assertThat(updated.getAddMembers()).isEmpty();
        assertThat(updated.getRemoveMembers()).isEmpty();
        assertThat(updatedChange.getOccurredAt()).isEqualTo(Instant.parse("2021-07-01T10:00:00.000Z"));

        assertThat(((DeleteGroup) only(map("dsync.group.deleted")).getPayload()).getGroupId()).isEqualTo(GROUP);
    }

    @Test
    void shouldTurnMembershipEventsIntoDeltasOrderedByTheLog() {
        DirectoryChange added = only(map("dsync.group.user_added"));
        DirectoryChange removed = only(map("dsync.group.user_removed"));

        assertThat(added.getDirectoryId()).isEqualTo(DIR);
        assertThat(((UpdateGroup) added.getPayload()).getGroupId()).isEqualTo(GROUP);
        assertThat(((UpdateGroup) added.getPayload()).getAddMembers()).containsExactly(USER);
        assertThat(((UpdateGroup) added.getPayload()).getDisplayName()).as("membership keeps the name").isNull();
        assertThat(((UpdateGroup) removed.getPayload()).getRemoveMembers()).containsExactly(USER);
        assertThat(((UpdateGroup) removed.getPayload()).getAddMembers()).isEmpty();
        assertThat(added.getOccurredAt()).as("a membership change moves no updated_at").isNull();
        assertThat(map("dsync.group.user_added").organizationId()).isEqualTo("org_01EZTR6WYX1A0DSE2CYMGXQ24Y");
    }

    @Test
    void shouldIgnoreAndCountUnknownEventTypes() {
        Mapped m = map("dsync.token.created");

        assertThat(m.status()).isEqualTo(Status.IGNORED);
        assertThat(m.changes()).isEmpty();
        assertThat(m.notes()).containsExactly("unknown-event-type:dsync.token.created");
    }

    @Test
    void shouldReportAnEventWithoutIdOrDirectoryAsMalformed() {
        ObjectNode noId = (ObjectNode) Fixtures.json("dsync.user.created");
        noId.remove("id");
        ObjectNode noDirectory = (ObjectNode) Fixtures.json("dsync.user.created");
        ((ObjectNode) noDirectory.get("data")).remove("directory_id");

        for (JsonNode bad : List.of(noId, noDirectory, Fixtures.JSON.createObjectNode())) {
            assertThat(WorkosEventMapper.map(bad, ChangeSource.WORKOS_WEBHOOK, NOW).status()).isEqualTo(Status.MALFORMED);
        }
    }

    @Test
    void shouldRegisterADirectoryOnceOnItsFirstSightAndAgainAfterAFailedWrite() {
        KnownDirectories known = new KnownDirectories();
        Mapped created = map("dsync.user.created");

        KnownDirectories.Batch first = known.plan(List.of(created, map("dsync.group.created")), ChangeSource.WORKOS_EVENTS, NOW);
        assertThat(first.changes()).hasSize(3);
        DirectoryChange activation = first.changes().get(0);
        assertThat(activation.getChangeId()).isEqualTo("workos-first-sight:" + DIR);
        assertThat(((ActivateDirectory) activation.getPayload()).getOrganizationId()).isEqualTo("org_01EZTR6WYX1A0DSE2CYMGXQ24Y");
        // A webhook and a poller planning at once: the first batch claimed the directory.
        assertThat(known.plan(List.of(created), ChangeSource.WORKOS_WEBHOOK, NOW).changes())
                .as("claimed by the first batch").hasSize(1);

        known.failed(first);
        assertThat(known.plan(List.of(created), ChangeSource.WORKOS_EVENTS, NOW).changes())
                .as("the first batch was not written: registered again").hasSize(2);
        assertThat(known.plan(List.of(map("dsync.activated")), ChangeSource.WORKOS_EVENTS, NOW).changes())
                .as("dsync.activated announces itself").hasSize(1);
    }

    private static JsonNode readTree(String json) {
        try {
            return Fixtures.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
