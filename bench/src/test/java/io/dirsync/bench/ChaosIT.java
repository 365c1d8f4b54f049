package io.dirsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short variant of the fault suite ({@code dirsync chaos --short}) in CI: the packaged projector and ingest
 * killed with SIGKILL under load, a broker stopped under load, hostile tenants and webhooks, a secrets scan.
 * It asserts correctness only — nothing lost, duplicated or wrongly accepted — never speed.
 */
class ChaosIT {

    @TempDir
    Path work;

    @Test
    void shouldLoseDuplicateOrWronglyAcceptNothingUnderKillsBrokerLossAndHostileInput() throws Exception {
        List<Chaos.Outcome> outcomes = new Chaos(Chaos.Options.ci(work)).run();

        assertThat(outcomes).hasSize(6);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failed()).as(o.scenario() + ": " + o.detail()).isFalse());
        assertThat(outcomes).allSatisfy(o -> assertThat(o.operations()).as(o.scenario()).isPositive());
    }
}
