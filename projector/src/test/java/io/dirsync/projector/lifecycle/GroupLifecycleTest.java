package io.dirsync.projector.lifecycle;

import static io.dirsync.projector.lifecycle.Changes.aUser;
import static io.dirsync.projector.lifecycle.Changes.addMembers;
import static io.dirsync.projector.lifecycle.Changes.create;
import static io.dirsync.projector.lifecycle.Changes.createGroup;
import static io.dirsync.projector.lifecycle.Changes.delete;
import static io.dirsync.projector.lifecycle.Changes.deleteDirectory;
import static io.dirsync.projector.lifecycle.Changes.deleteGroup;
import static io.dirsync.projector.lifecycle.Changes.from;
import static io.dirsync.projector.lifecycle.Changes.inactive;
import static io.dirsync.projector.lifecycle.Changes.removeMembers;
import static io.dirsync.projector.lifecycle.Changes.renameGroup;
import static io.dirsync.projector.lifecycle.Changes.replace;
import static io.dirsync.projector.lifecycle.Changes.replaceMembers;
import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.projector.lifecycle.Outcome.Reason;
import io.dirsync.projector.lifecycle.Outcome.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupLifecycleTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();

    @BeforeEach
    void users() {
        directory.fold(create("u-ada", "ada", aUser("ada")));
        directory.fold(create("u-bob", "bob", aUser("bob")));
        directory.fold(create("u-eve", "eve", inactive(aUser("eve"))));
    }

    @Test
    void shouldGrantGroupAccessToActiveMembersOfANewGroup() {
        Transition t = directory.fold(createGroup("g1", "eng", "Engineering", "ada", "eve"));

        assertThat(t.commands()).extracting(Command::type, Command::userId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Command.Type.GRANT_GROUP_ACCESS, "ada"));
        assertThat(t.commands().get(0).commandId()).isEqualTo("g1:ada:GRANT_GROUP_ACCESS:eng");
        assertThat(t.commands().get(0).group()).isEqualTo(new GroupRef("eng", "Engineering"));
        assertThat(t.events()).extracting(Event::type).contains(Event.Type.GROUP_CREATED, Event.Type.MOVED);
        assertThat(t.outcome().group()).get().extracting(Group::memberCount, Group::version).containsExactly(2L, 1L);
        assertThat(directory.members("eng")).containsExactly("ada", "eve");
    }

    @Test
    void shouldRevokeOnlyTheMembersRemovedByValue() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada", "bob"));

        Transition t = directory.fold(removeMembers("g2", "eng", "bob", "not-a-member"));

        assertThat(t.commands()).extracting(Command::type, Command::userId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Command.Type.REVOKE_GROUP_ACCESS, "bob"));
        assertThat(directory.members("eng")).containsExactly("ada");
        assertThat(t.outcome().group()).get().extracting(Group::memberCount, Group::version).containsExactly(1L, 2L);
    }

    @Test
    void shouldChangeOnlyTheDifferenceWhenTheMemberListIsReplaced() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada"));

        Transition t = directory.fold(replaceMembers("g2", "eng", "ada", "bob"));

        // ada stays a member: no revoke-then-grant churn for her.
        assertThat(t.commands()).extracting(Command::type, Command::userId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Command.Type.GRANT_GROUP_ACCESS, "bob"));
        assertThat(directory.members("eng")).containsExactly("ada", "bob");
    }

    @Test
    void shouldRevokeEveryActiveMemberWhenTheGroupIsDeleted() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada", "bob", "eve"));

        Transition t = directory.fold(deleteGroup("g2", "eng"));

        assertThat(t.commands()).extracting(Command::type).containsOnly(Command.Type.REVOKE_GROUP_ACCESS);
        assertThat(t.commands()).extracting(Command::userId).containsExactly("ada", "bob");
        assertThat(directory.group("eng")).isEmpty();
        assertThat(directory.groupsOf("ada")).isEmpty();
        assertThat(directory.groupIdByDisplayName("engineering")).isEmpty();
    }

    @Test
    void shouldAddAnAlreadyPresentMemberWithoutACommand() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada"));

        Transition t = directory.fold(addMembers("g2", "eng", "ada"));

        assertThat(t.commands()).isEmpty();
        assertThat(t.unchanged()).isTrue();
        assertThat(t.outcome().status()).isEqualTo(Status.APPLIED);
    }

    @Test
    void shouldRejectAScimMembershipOfAnUnknownUserAndChangeNothing() {
        directory.fold(createGroup("g1", "eng", "Engineering"));

        Transition t = directory.fold(addMembers("g2", "eng", "ada", "ghost"));

        assertThat(t.outcome().reason()).isEqualTo(Reason.INVALID);
        assertThat(t.unchanged()).isTrue();
        assertThat(directory.members("eng")).isEmpty();
    }

    @Test
    void shouldSkipAnUnknownMemberFromAnAuthoritativeSourceAsAnAnomaly() {
        directory.fold(createGroup("g1", "eng", "Engineering"));

        Transition t = directory.fold(from("WORKOS_EVENTS", addMembers("g2", "eng", "ada", "ghost")));

        assertThat(t.anomalies()).containsExactly("UNKNOWN_MEMBER");
        assertThat(directory.members("eng")).containsExactly("ada");
    }

    @Test
    void shouldRefuseASecondGroupWithTheSameDisplayNameIgnoringCase() {
        directory.fold(createGroup("g1", "eng", "Engineering"));

        Transition t = directory.fold(createGroup("g2", "eng2", "ENGINEERING"));

        assertThat(t.outcome().reason()).isEqualTo(Reason.UNIQUENESS);
        assertThat(t.outcome().group()).get().extracting(Group::groupId).isEqualTo("eng");
    }

    @Test
    void shouldRenameWithoutTouchingMembers() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada"));

        Transition t = directory.fold(renameGroup("g2", "eng", "R&D"));

        assertThat(t.commands()).isEmpty();
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.GROUP_UPDATED);
        assertThat(directory.groupIdByDisplayName("r&d")).contains("eng");
        assertThat(directory.groupIdByDisplayName("engineering")).isEmpty();
        assertThat(directory.members("eng")).containsExactly("ada");
    }

    @Test
    void shouldGiveGroupsBackWithAReprovision() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada"));
        directory.fold(replace("c2", "ada", inactive(aUser("ada"))));

        Transition t = directory.fold(replace("c3", "ada", aUser("ada")));

        assertThat(t.commands()).extracting(Command::type)
                .containsExactly(Command.Type.REPROVISION, Command.Type.GRANT_GROUP_ACCESS);
    }

    @Test
    void shouldNotRevokeGroupsOfAnInactiveMemberRemovedFromIt() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada"));
        directory.fold(replace("c2", "ada", inactive(aUser("ada"))));

        Transition t = directory.fold(removeMembers("g2", "eng", "ada"));

        assertThat(t.commands()).isEmpty();
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.MOVED);
    }

    @Test
    void shouldDropMembershipsOfADeletedUserWithOneDeprovision() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada", "bob"));

        Transition t = directory.fold(delete("c2", "ada"));

        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.DEPROVISION);
        assertThat(directory.members("eng")).containsExactly("bob");
        assertThat(directory.group("eng")).get().extracting(Group::memberCount).isEqualTo(1L);
    }

    @Test
    void shouldDeleteGroupsWithTheirDirectory() {
        directory.fold(createGroup("g1", "eng", "Engineering", "ada", "bob"));

        Transition t = directory.fold(deleteDirectory("d1"));

        assertThat(t.commands()).extracting(Command::type).containsOnly(Command.Type.DEPROVISION);
        assertThat(directory.existingGroups()).isEmpty();
        assertThat(directory.groupsOf("bob")).isEmpty();
    }

    @Test
    void shouldTreatAnUpdateBeforeTheCreateFromWorkosAsTheCreate() {
        Transition t = directory.fold(from("WORKOS_WEBHOOK", renameGroup("w1", "directory_group_1", "Sales")));

        assertThat(t.outcome().status()).isEqualTo(Status.APPLIED);
        assertThat(directory.group("directory_group_1")).get().extracting(Group::displayName).isEqualTo("Sales");
    }
}
