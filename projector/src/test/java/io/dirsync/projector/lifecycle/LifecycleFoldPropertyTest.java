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

    private static List<Transition> fold(List<Change> log) {
        InMemoryDirectory directory = new InMemoryDirectory();
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
        Arbitrary<Operation> ops = Arbitraries.oneOf(
                Combinators.combine(userIds, data).as(Operation.CreateUser::new),
                Combinators.combine(userIds, data).as(Operation.ReplaceUser::new),
                userIds.map(Operation.DeleteUser::new));
        return Combinators.combine(ops, versions).as((op, v) -> Changes.change("c", op, v))
                .list().ofMaxSize(60)
                .map(changes -> {
                    List<Change> numbered = new ArrayList<>();
                    for (int i = 0; i < changes.size(); i++) {
                        Change c = changes.get(i);
                        numbered.add(Changes.change("c" + i, c.operation(), c.expectedVersion().orElse(null)));
                    }
                    return numbered;
                });
    }
}
