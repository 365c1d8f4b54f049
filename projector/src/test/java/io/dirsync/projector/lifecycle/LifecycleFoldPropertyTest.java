package io.dirsync.projector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The fold is a pure function of the log: same input, same output; and it never throws. */
class LifecycleFoldPropertyTest {

    @Property(tries = 300)
    void shouldFoldTheSameLogToTheSameOutputs(@ForAll("logs") @Size(max = 60) List<Change> log) {
        assertThat(fold(log)).isEqualTo(fold(log));
    }

    @Property(tries = 300)
    void shouldDeprovisionAtMostOncePerLeaving(@ForAll("logs") @Size(max = 60) List<Change> log) {
        InMemoryDirectory directory = new InMemoryDirectory();
        List<Command> commands = new ArrayList<>();
        for (Change change : log) {
            commands.addAll(directory.fold(change).commands());
        }
        // Between two DEPROVISIONs of one user there is always a (RE)PROVISION.
        java.util.Map<String, Command.Type> last = new java.util.HashMap<>();
        for (Command c : commands) {
            if (c.type() == Command.Type.DEPROVISION) {
                assertThat(last.get(c.userId())).isNotEqualTo(Command.Type.DEPROVISION);
            }
            if (c.type() != Command.Type.UPDATE) {
                last.put(c.userId(), c.type());
            }
        }
    }

    @Property(tries = 300)
    void shouldKeepMembershipsConsistentFromBothSides(@ForAll("logs") @Size(max = 60) List<Change> log) {
        InMemoryDirectory directory = strict();
        log.forEach(directory::fold);
        for (Group group : directory.existingGroups()) {
            List<String> members = directory.members(group.groupId());
            assertThat(group.memberCount()).isEqualTo(members.size());
            for (String member : members) {
                assertThat(directory.user(member)).get().matches(User::exists);
                assertThat(directory.groupsOf(member)).contains(group.groupId());
            }
        }
    }

    @Property(tries = 300)
    void shouldEmitEachCommandIdAtMostOnceEvenThroughTheGuard(@ForAll("logs") @Size(max = 60) List<Change> log) {
        InMemoryDirectory directory = strict();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Change change : log) {
            for (Command c : directory.fold(change).commands()) {
                assertThat(seen.add(c.commandId())).as("command %s emitted twice", c.commandId()).isTrue();
            }
        }
    }

    /** A guard that trips after two deprovisions, so random logs exercise holding and release. */
    private static InMemoryDirectory strict() {
        return new InMemoryDirectory().withPolicy(new GuardPolicy(true, 0.0, 1, java.time.Duration.ofDays(1)));
    }

    private static List<Transition> fold(List<Change> log) {
        InMemoryDirectory directory = strict();
        return log.stream().map(directory::fold).toList();
    }

    @Provide
    Arbitrary<List<Change>> logs() {
        Arbitrary<String> userIds = Arbitraries.of("u1", "u2", "u3");
        Arbitrary<String> names = Arbitraries.of("ada", "ADA", "grace", "linus");
        Arbitrary<UserData> data = Combinators.combine(names, Arbitraries.of(true, false),
                        Arbitraries.of("Eng", "Finance", null))
                .as((n, active, dept) -> Changes.withDepartment(Changes.aUser(n), dept).withActive(active));
        Arbitrary<Long> versions = Arbitraries.longs().between(0, 4).injectNull(0.7);
        Arbitrary<String> groupIds = Arbitraries.of("g1", "g2");
        Arbitrary<String> groupNames = Arbitraries.of("eng", "ENG", "sales");
        Arbitrary<List<String>> members = userIds.list().ofMaxSize(3);
        Arbitrary<Operation> ops = Arbitraries.oneOf(
                Combinators.combine(userIds, data).as(Operation.CreateUser::new),
                Combinators.combine(userIds, data).as(Operation.ReplaceUser::new),
                userIds.map(Operation.DeleteUser::new),
                Arbitraries.just(new Operation.DeleteDirectory("test")).map(o -> (Operation) o),
                Combinators.combine(groupIds, groupNames, members).as((g, n, m) ->
                        new Operation.CreateGroup(g, n, null, null, m)),
                Combinators.combine(groupIds, groupNames.injectNull(0.7), Arbitraries.of(true, false), members, members)
                        .as((g, n, all, remove, add) -> new Operation.UpdateGroup(g, n, null, null, all, remove, add)),
                groupIds.map(Operation.DeleteGroup::new),
                Arbitraries.just(new Operation.ReleaseHeld(List.of(), "op", null)).map(o -> (Operation) o),
                Arbitraries.just(new Operation.DiscardHeld(List.of(), "op", null)).map(o -> (Operation) o));
        Arbitrary<String> sources = Arbitraries.of("SCIM", "SCIM", "WORKOS_EVENTS");
        // Some changes reuse an earlier id (a redelivery), some carry a source timestamp (possibly out of order).
        Arbitrary<Integer> redelivery = Arbitraries.integers().between(0, 9);
        Arbitrary<Long> occurredAt = Arbitraries.longs().between(0, 100).injectNull(0.5);
        return Combinators.combine(ops, versions, redelivery, occurredAt, sources).as(Step::new)
                .list().ofMaxSize(60)
                .map(steps -> {
                    List<Change> numbered = new ArrayList<>();
                    for (int i = 0; i < steps.size(); i++) {
                        Step step = steps.get(i);
                        if (step.redelivery() == 0 && i > 0) {
                            // A redelivery is the same change again: any earlier one from a source that repeats
                            // itself (WorkOS), else the record just folded (all a SCIM change can be under EOS).
                            Change earlier = numbered.get(i / 2);
                            numbered.add(Lifecycle.needsLedger(earlier) ? earlier : numbered.get(i - 1));
                            continue;
                        }
                        String id = "c" + i;
                        Change c = Changes.from(step.source(), Changes.change(id, step.op(), step.version()));
                        numbered.add(step.occurredAt() == null ? c : new Change(c.changeId(), c.directoryId(),
                                c.source(), c.receivedAt(), java.util.Optional.of(
                                        java.time.Instant.ofEpochMilli(step.occurredAt())),
                                c.requestId(), c.expectedVersion(), c.operation()));
                    }
                    return numbered;
                });
    }

    record Step(Operation op, Long version, int redelivery, Long occurredAt, String source) {
    }
}
