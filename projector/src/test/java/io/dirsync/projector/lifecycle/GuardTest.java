package io.dirsync.projector.lifecycle;

import static io.dirsync.projector.lifecycle.Changes.aUser;
import static io.dirsync.projector.lifecycle.Changes.at;
import static io.dirsync.projector.lifecycle.Changes.create;
import static io.dirsync.projector.lifecycle.Changes.discard;
import static io.dirsync.projector.lifecycle.Changes.inactive;
import static io.dirsync.projector.lifecycle.Changes.release;
import static io.dirsync.projector.lifecycle.Changes.replace;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardTest {

    private static final long MINUTE = 60_000;

    private final InMemoryDirectory directory = new InMemoryDirectory();

    /** 100 active users; default policy: more than 25 and more than 10% within 10 minutes. */
    private void company(int size) {
        for (int i = 0; i < size; i++) {
            directory.fold(at(0, create("join-" + i, "u" + i, aUser("user" + i))));
        }
    }

    private List<Command> deactivate(int from, int to, long atMillis) {
        List<Command> commands = new ArrayList<>();
        for (int i = from; i < to; i++) {
            commands.addAll(directory.fold(at(atMillis, replace("leave-" + i, "u" + i,
                    inactive(aUser("user" + i))))).commands());
        }
        return commands;
    }

    @Test
    void shouldHoldDeprovisionsPastTheThresholdAndTripOnce() {
        company(100);
        List<Transition> trips = new ArrayList<>();

        List<Command> emitted = deactivate(0, 25, MINUTE);
        Transition tripping = directory.fold(at(MINUTE, replace("leave-25", "u25", inactive(aUser("user25")))));
        List<Command> later = deactivate(26, 40, 2 * MINUTE);

        assertThat(emitted).hasSize(25).extracting(Command::type).containsOnly(Command.Type.DEPROVISION);
        assertThat(tripping.commands()).isEmpty();
        assertThat(tripping.events()).extracting(Event::type).contains(Event.Type.GUARD_TRIPPED, Event.Type.COMMAND_HELD);
        assertThat(later).isEmpty();
        assertThat(directory.held()).hasSize(15);
        assertThat(directory.guard().tripped()).isTrue();
        // The users are inactive in dirsync all the same: state follows the directory, only commands wait.
        assertThat(directory.user("u30")).get().extracting(User::state).isEqualTo(LifecycleState.INACTIVE);
    }

    @Test
    void shouldNotTripWhenDeprovisionsAreSpreadBeyondTheWindow() {
        company(100);

        List<Command> emitted = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            emitted.addAll(deactivate(batch * 20, batch * 20 + 20, batch * 11 * MINUTE));
        }

        assertThat(emitted).hasSize(80);
        assertThat(directory.guard().tripped()).isFalse();
    }

    @Test
    void shouldNotTripInALargeDirectoryBelowTenPercent() {
        company(1000);

        List<Command> emitted = deactivate(0, 90, MINUTE);

        assertThat(emitted).hasSize(90);
    }

    @Test
    void shouldReleaseHeldCommandsExactlyOnceWithTheirOriginalCause() {
        company(100);
        deactivate(0, 30, MINUTE);
        String oneId = directory.held().get(0).command().commandId();

        Transition released = directory.fold(release("op-1"));
        Transition again = directory.fold(release("op-2"));

        assertThat(released.commands()).hasSize(5).extracting(Command::type).containsOnly(Command.Type.DEPROVISION);
        assertThat(released.commands()).extracting(Command::commandId).contains(oneId);
        assertThat(released.commands().get(0).cause().changeId()).startsWith("leave-");
        assertThat(released.events()).extracting(Event::type).contains(Event.Type.COMMAND_RELEASED, Event.Type.GUARD_RESET);
        assertThat(released.events()).filteredOn(e -> e.type() == Event.Type.COMMAND_RELEASED)
                .extracting(Event::actor).containsOnly("alice");
        assertThat(again.commands()).isEmpty();
        assertThat(directory.guard().tripped()).isFalse();
    }

    @Test
    void shouldDiscardChosenHeldCommandsWithAnAuditEvent() {
        company(100);
        deactivate(0, 30, MINUTE);
        String chosen = directory.held().get(0).command().commandId();

        Transition t = directory.fold(discard("op-1", chosen));

        assertThat(t.commands()).isEmpty();
        assertThat(t.events()).extracting(Event::type, Event::commandId, Event::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Event.Type.COMMAND_DISCARDED, chosen, "alice"));
        assertThat(directory.held()).hasSize(4);
        assertThat(directory.guard().tripped()).isTrue();
    }

    @Test
    void shouldSupersedeAHeldDeprovisionWhenTheUserReturns() {
        company(100);
        deactivate(0, 30, MINUTE);

        Transition back = directory.fold(at(3 * MINUTE, replace("back-29", "u29", aUser("user29"))));

        assertThat(back.commands()).extracting(Command::type).containsExactly(Command.Type.UPDATE);
        assertThat(back.events()).extracting(Event::type).contains(Event.Type.COMMAND_SUPERSEDED);
        assertThat(directory.heldFor("u29")).isEmpty();
    }

    @Test
    void shouldRememberABurstInBoundedStateWhateverItsSize() {
        company(10_000);

        // 900 leavers over ten minutes: below 10% of 10,000, so all go out, one every 666 ms of record time.
        List<Command> emitted = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            emitted.addAll(deactivate(i, i + 1, MINUTE + i * 666L));
        }

        assertThat(emitted).hasSize(900);
        assertThat(directory.guard().recentCount()).isEqualTo(900);
        assertThat(directory.guard().recent()).hasSizeLessThanOrEqualTo(Guard.SLICES + 1);
    }

    @Test
    void shouldForgetDeprovisionsOneSliceAfterTheWindow() {
        company(1000);
        deactivate(0, 20, 0);

        // Ten minutes and one slice (10 s) later the first twenty no longer count towards the next trip.
        deactivate(20, 45, 10 * MINUTE + 10_000);

        assertThat(directory.guard().recentCount()).isEqualTo(25);
        assertThat(directory.guard().tripped()).isFalse();
    }

    @Test
    void shouldEmitEverythingWhenTheGuardIsOff() {
        directory.withPolicy(GuardPolicy.OFF);
        company(100);

        assertThat(deactivate(0, 60, MINUTE)).hasSize(60);
    }

    @Test
    void shouldHonourAStricterPolicy() {
        directory.withPolicy(new GuardPolicy(true, 0.01, 2, Duration.ofMinutes(1)));
        company(100);

        assertThat(deactivate(0, 5, MINUTE)).hasSize(2);
    }
}
