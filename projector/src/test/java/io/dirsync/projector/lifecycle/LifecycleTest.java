package io.dirsync.projector.lifecycle;

import static io.dirsync.projector.lifecycle.Changes.aUser;
import static io.dirsync.projector.lifecycle.Changes.create;
import static io.dirsync.projector.lifecycle.Changes.createMatchingExternalId;
import static io.dirsync.projector.lifecycle.Changes.delete;
import static io.dirsync.projector.lifecycle.Changes.inactive;
import static io.dirsync.projector.lifecycle.Changes.replace;
import static io.dirsync.projector.lifecycle.Changes.withDepartment;
import static io.dirsync.projector.lifecycle.Changes.withUserName;
import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.projector.lifecycle.Outcome.Reason;
import io.dirsync.projector.lifecycle.Outcome.Status;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();

    @Test
    void shouldProvisionAJoiner() {
        Transition t = directory.fold(create("c1", "u1", aUser("ada")));

        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.PROVISION);
        assertThat(t.commands().get(0).commandId()).isEqualTo("c1:u1:PROVISION");
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.JOINED);
        assertThat(t.after()).get().extracting(User::state, User::version).containsExactly(LifecycleState.ACTIVE, 1L);
        assertThat(t.outcome().status()).isEqualTo(Status.APPLIED);
    }

    @Test
    void shouldNotProvisionAUserCreatedInactive() {
        Transition t = directory.fold(create("c1", "u1", inactive(aUser("ada"))));

        assertThat(t.commands()).isEmpty();
        assertThat(t.after()).get().extracting(User::state).isEqualTo(LifecycleState.INACTIVE);
    }

    @Test
    void shouldDeprovisionWhenActiveTurnsFalse() {
        directory.fold(create("c1", "u1", aUser("ada")));

        Transition t = directory.fold(replace("c2", "u1", inactive(aUser("ada"))));

        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.DEPROVISION);
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.LEFT);
        assertThat(t.events().get(0).changes()).containsExactly(new Event.AttributeChange("active", "true", "false"));
        assertThat(t.after()).get().extracting(User::state, User::version).containsExactly(LifecycleState.INACTIVE, 2L);
    }

    @Test
    void shouldReprovisionARejoiner() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(replace("c2", "u1", inactive(aUser("ada"))));

        Transition t = directory.fold(replace("c3", "u1", aUser("ada")));

        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.REPROVISION);
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.REJOINED);
    }

    @Test
    void shouldUpdateAnActiveUserWhoseAttributesChanged() {
        directory.fold(create("c1", "u1", aUser("ada")));

        Transition t = directory.fold(replace("c2", "u1", withUserName(aUser("ada"), "ada.l")));

        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.UPDATE);
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.UPDATED);
        assertThat(directory.userIdByUserName("ADA.L")).contains("u1");
        assertThat(directory.userIdByUserName("ada")).isEmpty();
    }

    @Test
    void shouldRecordAMoverWhenTheDepartmentChanges() {
        directory.fold(create("c1", "u1", aUser("ada")));

        Transition t = directory.fold(replace("c2", "u1", withDepartment(aUser("ada"), "Finance")));

        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.MOVED);
        assertThat(t.events().get(0).changes())
                .containsExactly(new Event.AttributeChange("department", "Engineering", "Finance"));
        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.UPDATE);
    }

    @Test
    void shouldChangeNothingWhenAReplaceIsIdentical() {
        directory.fold(create("c1", "u1", aUser("ada")));

        Transition t = directory.fold(replace("c2", "u1", aUser("ada")));

        assertThat(t.unchanged()).isTrue();
        assertThat(t.commands()).isEmpty();
        assertThat(t.outcome().status()).isEqualTo(Status.APPLIED);
        assertThat(t.outcome().resource()).get().extracting(User::version).isEqualTo(1L);
    }

    @Test
    void shouldRejectADuplicateUserNameCaseInsensitively() {
        directory.fold(create("c1", "u1", aUser("ada")));

        Transition t = directory.fold(create("c2", "u2", aUser("ADA")));

        assertThat(t.outcome().reason()).isEqualTo(Reason.UNIQUENESS);
        assertThat(t.outcome().resource()).get().extracting(User::userId).isEqualTo("u1");
        assertThat(t.unchanged()).isTrue();
        assertThat(t.commands()).isEmpty();
        assertThat(t.anomalies()).containsExactly("USERNAME_TAKEN");
    }

    @Test
    void shouldRejectARenameOntoAnotherUsersName() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(create("c2", "u2", aUser("grace")));

        Transition t = directory.fold(replace("c3", "u2", aUser("Ada")));

        assertThat(t.outcome().reason()).isEqualTo(Reason.UNIQUENESS);
        assertThat(t.unchanged()).isTrue();
    }

    @Test
    void shouldRejectAReplaceWithAStaleExpectedVersion() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(replace("c2", "u1", withDepartment(aUser("ada"), "Finance")));

        Transition t = directory.fold(replace("c3", "u1", inactive(aUser("ada")), 1L));

        assertThat(t.outcome().reason()).isEqualTo(Reason.VERSION_MISMATCH);
        assertThat(t.commands()).isEmpty();
        assertThat(directory.user("u1")).get().extracting(User::state).isEqualTo(LifecycleState.ACTIVE);
    }

    @Test
    void shouldRejectAReplaceOfAnUnknownUser() {
        Transition t = directory.fold(replace("c1", "nobody", aUser("ada")));

        assertThat(t.outcome().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(t.anomalies()).containsExactly("UNKNOWN_USER");
    }

    @Test
    void shouldDeprovisionAnActiveUserWhoIsDeleted() {
        directory.fold(create("c1", "u1", aUser("ada")));

        Transition t = directory.fold(delete("c2", "u1"));

        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.DEPROVISION);
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.DELETED);
        assertThat(directory.userIdByUserName("ada")).isEmpty();
    }

    @Test
    void shouldDeprovisionOnlyOnceWhenADeactivatedUserIsDeleted() {
        directory.fold(create("c1", "u1", aUser("ada")));
        Transition left = directory.fold(replace("c2", "u1", inactive(aUser("ada"))));

        Transition deleted = directory.fold(delete("c3", "u1"));

        assertThat(left.commands()).extracting(Command::type).containsExactly(Command.Type.DEPROVISION);
        assertThat(deleted.commands()).isEmpty();
        assertThat(deleted.after()).get().extracting(User::state).isEqualTo(LifecycleState.DELETED);
    }

    @Test
    void shouldNeverUndoADeleteWithALateReplace() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(delete("c2", "u1"));

        Transition t = directory.fold(replace("c3", "u1", aUser("ada")));

        assertThat(t.outcome().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(directory.user("u1")).get().extracting(User::state).isEqualTo(LifecycleState.DELETED);
    }

    @Test
    void shouldFreeTheUserNameOfADeletedUser() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(delete("c2", "u1"));

        Transition t = directory.fold(create("c3", "u2", aUser("ada")));

        assertThat(t.outcome().status()).isEqualTo(Status.APPLIED);
        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.PROVISION);
    }

    @Test
    void shouldRejectAChangeWithoutATargetInsteadOfThrowing() {
        Transition t = Lifecycle.apply(directory, Changes.change("c1", null, null));

        assertThat(t.outcome().reason()).isEqualTo(Reason.INVALID);
        assertThat(t.unchanged()).isTrue();
    }

    @Test
    void shouldIgnoreAChangeWhoseIdWasAlreadyApplied() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(replace("c2", "u1", inactive(aUser("ada"))));

        Transition again = directory.fold(replace("c2", "u1", inactive(aUser("ada"))));
        Transition replayedCreate = directory.fold(create("c1", "u1", aUser("ada")));

        assertThat(again.unchanged()).isTrue();
        assertThat(again.commands()).isEmpty();
        assertThat(again.anomalies()).containsExactly("DUPLICATE_CHANGE");
        assertThat(replayedCreate.commands()).isEmpty();
        assertThat(replayedCreate.outcome().resource()).get().extracting(User::userId).isEqualTo("u1");
    }

    @Test
    void shouldIgnoreAnAttributeChangeOlderThanTheOneApplied() {
        directory.fold(Changes.occurred("c1", new Operation.CreateUser("u1", aUser("ada")), 1_000));
        directory.fold(Changes.occurred("c2", new Operation.ReplaceUser("u1", withDepartment(aUser("ada"), "Finance")),
                3_000));

        Transition late = directory.fold(Changes.occurred("c3",
                new Operation.ReplaceUser("u1", withDepartment(aUser("ada"), "Sales")), 2_000));

        assertThat(late.unchanged()).isTrue();
        assertThat(late.anomalies()).containsExactly("STALE_CHANGE");
        assertThat(directory.user("u1")).get().extracting(u -> u.data().department()).isEqualTo("Finance");
    }

    @Test
    void shouldDeprovisionEveryActiveUserWhenTheDirectoryIsDeleted() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(create("c2", "u2", aUser("grace")));
        directory.fold(create("c3", "u3", aUser("linus")));
        directory.fold(replace("c4", "u3", inactive(aUser("linus"))));

        Transition t = directory.fold(Changes.deleteDirectory("c5"));

        assertThat(t.commands()).extracting(Command::userId, Command::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("u1", Command.Type.DEPROVISION),
                org.assertj.core.groups.Tuple.tuple("u2", Command.Type.DEPROVISION));
        assertThat(t.events()).extracting(Event::type).containsOnly(Event.Type.DELETED).hasSize(3);
        assertThat(directory.existingUsers()).isEmpty();
        assertThat(directory.userIdByUserName("ada")).isEmpty();
    }

    @Test
    void shouldReactivateTheSameUserWhenOktaReassignsADeactivatedUserWithAPost() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(replace("c2", "u1", inactive(aUser("ada"))));

        Transition t = directory.fold(create("c3", "u-new", aUser("ADA")));

        assertThat(t.outcome().status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(t.outcome().resource()).get().extracting(User::userId, User::state)
                .containsExactly("u1", LifecycleState.ACTIVE);
        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.REPROVISION);
        assertThat(directory.user("u-new")).isEmpty();
    }

    @Test
    void shouldReactivateByExternalIdOnlyWhereTheDirectoryVouchesForIt() {
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(replace("c2", "u1", inactive(aUser("ada"))));
        UserData renamed = withUserName(aUser("ada"), "ada.byron");

        Transition t = directory.fold(createMatchingExternalId("c3", "u-new", renamed));

        assertThat(t.outcome().resource()).get().extracting(User::userId, User::state, u -> u.data().userName())
                .containsExactly("u1", LifecycleState.ACTIVE, "ada.byron");
        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.REPROVISION);
        assertThat(directory.user("u-new")).isEmpty();
        assertThat(directory.userIdByUserName("ada.byron")).contains("u1");
    }

    @Test
    void shouldCreateANewUserWhenOnlyTheExternalIdMatchesByDefault() {
        // Entra's default externalId is the mailNickname, which a new hire can inherit: not the same person.
        directory.fold(create("c1", "u1", aUser("ada")));
        directory.fold(replace("c2", "u1", inactive(aUser("ada"))));

        Transition t = directory.fold(create("c3", "u-new", withUserName(aUser("ada"), "ada.byron")));

        assertThat(t.outcome().resource()).get().extracting(User::userId).isEqualTo("u-new");
        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.PROVISION);
        assertThat(directory.user("u1")).get().extracting(User::state).isEqualTo(LifecycleState.INACTIVE);
    }

    @Test
    void shouldNeverTakeAnActiveUserByExternalId() {
        directory.fold(create("c1", "u1", aUser("ada")));

        Transition t = directory.fold(createMatchingExternalId("c2", "u-new", withUserName(aUser("ada"), "eve")));

        assertThat(t.outcome().resource()).get().extracting(User::userId).isEqualTo("u-new");
        assertThat(directory.user("u1")).get().extracting(u -> u.data().userName()).isEqualTo("ada");
    }

    @Test
    void shouldProvisionAUserCreatedInactiveOnItsFirstActivation() {
        directory.fold(create("c1", "u1", inactive(aUser("ada"))));

        Transition t = directory.fold(replace("c2", "u1", aUser("ada")));

        assertThat(t.commands()).extracting(Command::type).containsExactly(Command.Type.PROVISION);
        assertThat(t.events()).extracting(Event::type).containsExactly(Event.Type.JOINED);
    }
}
