package io.dirsync.projector.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mass-deprovision guard. An IdP misconfiguration can deactivate a whole company in one sync; when a
 * directory's DEPROVISIONs within the window (record time) pass the policy's bounds, further DEPROVISIONs
 * are held instead of emitted, and GUARD_TRIPPED is recorded once. Only an operator's decision on the log
 * (release or discard) lets them go, so holding survives restarts and replays like any other state.
 *
 * <p>A held user who comes back before the decision never lost access: its held DEPROVISION is superseded
 * and its return is an UPDATE, not a REPROVISION.
 */
final class Guard {

    private Guard() {
    }

    /** Passes a transition's commands through the guard, updating its counts. */
    static Transition apply(Directory directory, Change change, Transition t) {
        long activeDelta = 0;
        for (Transition.Write w : t.writes()) {
            activeDelta += (w.after().state() == LifecycleState.ACTIVE ? 1 : 0)
                    - (w.before().filter(b -> b.state() == LifecycleState.ACTIVE).isPresent() ? 1 : 0);
        }
        boolean relevant = t.commands().stream().anyMatch(c -> c.type() == Command.Type.DEPROVISION
                || c.type() == Command.Type.REPROVISION);
        if (activeDelta == 0 && !relevant) {
            return t;
        }
        GuardPolicy policy = directory.guardPolicy();
        GuardState state = directory.guard();
        Instant now = change.receivedAt();
        Duration slice = slice(policy);
        // A slice leaves the window once its last possible member has: counting whole slices may keep a
        // DEPROVISION up to one slice (a sixtieth of the window) too long, which errs towards holding.
        List<GuardState.Slice> recent = new ArrayList<>();
        long recentCount = 0;
        for (GuardState.Slice s : state.recent()) {
            if (policy.enabled() && s.start().plus(slice).isAfter(now.minus(policy.window()))) {
                recent.add(s);
                recentCount += s.count();
            }
        }
        boolean tripped = state.tripped();
        Instant trippedAt = state.trippedAt();
        String tripChangeId = state.tripChangeId();
        long held = state.held();
        List<Command> commands = new ArrayList<>();
        List<Event> events = new ArrayList<>(t.events());
        List<Transition.HeldWrite> heldWrites = new ArrayList<>(t.heldWrites());
        for (Command command : t.commands()) {
            if (command.type() == Command.Type.REPROVISION && directory.heldFor(command.userId()).isPresent()) {
                // Apps never lost this user's access; tell them about attribute changes only.
                Held superseded = directory.heldFor(command.userId()).get();
                heldWrites.add(new Transition.HeldWrite(command.userId(), Optional.empty()));
                held--;
                events.add(guardEvent(change, command.userId(), Event.Type.COMMAND_SUPERSEDED,
                        superseded.command().commandId(), null, "the user returned before an operator decided"));
                commands.add(new Command(Lifecycle.id(change, command.userId(), Command.Type.UPDATE.name()),
                        command.userId(), Command.Type.UPDATE, command.user(), command.from(), command.to(),
                        command.version(), command.cause(), null));
                continue;
            }
            if (command.type() != Command.Type.DEPROVISION || !policy.enabled()) {
                commands.add(command);
                continue;
            }
            long count = recentCount + 1;
            long base = state.activeUsers() + recentCount;
            if (!tripped && count > policy.minimum() && count > policy.fraction() * base) {
                tripped = true;
                trippedAt = now;
                tripChangeId = change.changeId();
                events.add(guardEvent(change, Lifecycle.WHOLE_DIRECTORY, Event.Type.GUARD_TRIPPED, null, null,
                        count + " deprovisions within " + policy.window() + " of " + base
                                + " active users; further deprovisions are held for an operator"));
            }
            if (tripped) {
                heldWrites.add(new Transition.HeldWrite(command.userId(),
                        Optional.of(new Held(command, now, tripChangeId))));
                held++;
                events.add(guardEvent(change, command.userId(), Event.Type.COMMAND_HELD, command.commandId(), null,
                        "held by the mass-deprovision guard"));
            } else {
                count(recent, now, slice);
                recentCount++;
                commands.add(command);
            }
        }
        GuardState next = new GuardState(state.activeUsers() + activeDelta, List.copyOf(recent), tripped,
                trippedAt, tripChangeId, held);
        return new Transition(t.writes(), t.groupWrites(), t.memberships(), heldWrites, Optional.of(next), events,
                commands, t.outcome());
    }

    /** The window is remembered in this many slices. */
    static final int SLICES = 60;

    private static Duration slice(GuardPolicy policy) {
        Duration slice = policy.window().dividedBy(SLICES);
        return slice.isZero() ? Duration.ofMillis(1) : slice;
    }

    /** Adds one DEPROVISION at {@code now}: to the newest slice while {@code now} falls within it, else a new one. */
    private static void count(List<GuardState.Slice> recent, Instant now, Duration slice) {
        int last = recent.size() - 1;
        if (last >= 0 && now.isBefore(recent.get(last).start().plus(slice))) {
            GuardState.Slice s = recent.get(last);
            recent.set(last, new GuardState.Slice(s.start(), s.count() + 1));
        } else {
            recent.add(new GuardState.Slice(now, 1));
        }
    }

    static Transition release(Directory directory, Change change, Operation.ReleaseHeld release) {
        return decide(directory, change, release.commandIds(), release.operator(), release.reason(), true);
    }

    static Transition discard(Directory directory, Change change, Operation.DiscardHeld discard) {
        return decide(directory, change, discard.commandIds(), discard.operator(), discard.reason(), false);
    }

    /** Releases (emits, each exactly once: it leaves the store in the same step) or discards held commands. */
    private static Transition decide(Directory directory, Change change, List<String> commandIds, String operator,
                                     String reason, boolean release) {
        Set<String> wanted = new HashSet<>(commandIds);
        List<Held> all = directory.held();
        List<Transition.HeldWrite> heldWrites = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        for (Held held : all) {
            if (!wanted.isEmpty() && !wanted.contains(held.command().commandId())) {
                continue;
            }
            heldWrites.add(new Transition.HeldWrite(held.command().userId(), Optional.empty()));
            events.add(guardEvent(change, held.command().userId(),
                    release ? Event.Type.COMMAND_RELEASED : Event.Type.COMMAND_DISCARDED,
                    held.command().commandId(), operator, reason));
            if (release) {
                commands.add(held.command());
            }
        }
        GuardState state = directory.guard();
        long left = all.size() - heldWrites.size();
        GuardState next = left == 0
                ? new GuardState(state.activeUsers(), List.of(), false, null, null, 0)
                : new GuardState(state.activeUsers(), state.recent(), state.tripped(), state.trippedAt(),
                        state.tripChangeId(), left);
        if (left == 0 && state.tripped()) {
            events.add(guardEvent(change, Lifecycle.WHOLE_DIRECTORY, Event.Type.GUARD_RESET, null, operator,
                    "no commands held any more"));
        }
        String detail = (release ? "released " : "discarded ") + heldWrites.size() + " held commands";
        return new Transition(List.of(), List.of(), List.of(), heldWrites, Optional.of(next), events, commands,
                Outcome.applied(detail));
    }

    private static Event guardEvent(Change change, String userId, Event.Type type, String commandId, String actor,
                                    String detail) {
        return new Event(Lifecycle.id(change, userId, type.name()), userId, type, LifecycleState.NONE,
                LifecycleState.NONE, 0, List.of(), null, detail, null, commandId, actor);
    }
}
