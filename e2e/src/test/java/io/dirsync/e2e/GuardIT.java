package io.dirsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.LifecycleEventType;
import io.dirsync.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An IdP glitch deactivates most of a directory: the packaged projector emits the first 25 DEPROVISIONs, holds
 * the rest, and an operator using the real {@code dirsync guard} CLI discards one and releases the others —
 * each released command exactly once, the discard audited.
 */
class GuardIT {

    @RegisterExtension
    static final PipelineExtension PIPELINE = PipelineExtension.forDirectory("guard-it");

    @Test
    void shouldHoldAMassDeprovisionUntilAnOperatorDecides() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Pipeline.Response r = PIPELINE.scim("POST", "/Users", """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"guard%d@example.com"}"""
                    .formatted(i));
            assertThat(r.status()).isEqualTo(201);
            ids.add(r.body().path("id").asText());
        }
        for (String id : ids.subList(0, 30)) {
            assertThat(PIPELINE.scim("PATCH", "/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations":[{"op":"replace","value":{"active":false}}]}""").status()).isEqualTo(200);
        }
        AvroCodec<AccessCommand> commands = AvroCodec.of(AccessCommand.class);
        await("the first 25 DEPROVISIONs").atMost(Duration.ofSeconds(30))
                .until(() -> deprovisions(commands).size() == 25);

        String status = cli("status", PIPELINE.directoryId());
        assertThat(status).contains("TRIPPED").contains("held: 5");
        String discarded = ids.get(29);
        String discardedCommand = status.lines().filter(l -> l.contains(discarded)).findFirst().orElseThrow()
                .split("\\s+")[0];
        cli("discard", PIPELINE.directoryId(), discardedCommand, "--operator", "alice", "--reason", "rehired");
        cli("release", PIPELINE.directoryId(), "--all", "--operator", "alice", "--reason", "confirmed with HR");

        await("the released DEPROVISIONs").atMost(Duration.ofSeconds(30))
                .until(() -> deprovisions(commands).size() == 29);
        List<AccessCommand> all = deprovisions(commands);
        assertThat(all).extracting(AccessCommand::getCommandId).doesNotContain(discardedCommand);
        // Exactly once: this pipeline's projector is the only one folding guard-it, so no commandId repeats.
        assertThat(PIPELINE.readAll(Topics.ACCESS_COMMANDS, commands::decode).stream().map(r -> r.value())
                .filter(c -> c.getDirectoryId().equals(PIPELINE.directoryId()))
                .filter(c -> c.getType() == AccessCommandType.DEPROVISION)
                .map(AccessCommand::getCommandId)).doesNotHaveDuplicates();
        AvroCodec<LifecycleEvent> events = AvroCodec.of(LifecycleEvent.class);
        List<LifecycleEvent> audit = PIPELINE.readAll(Topics.LIFECYCLE_EVENTS, events::decode).stream()
                .map(r -> r.value()).filter(e -> e.getDirectoryId().equals(PIPELINE.directoryId()))
                .filter(e -> e.getType() == LifecycleEventType.COMMAND_DISCARDED).toList();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.getActor()).isEqualTo("alice");
            assertThat(e.getCommandId()).isEqualTo(discardedCommand);
            assertThat(e.getDetail()).isEqualTo("rehired");
        });
        assertThat(cli("status", PIPELINE.directoryId())).contains("state: normal").contains("held: 0");
    }

    private static List<AccessCommand> deprovisions(AvroCodec<AccessCommand> codec) {
        // Every pipeline on the shared broker folds the whole log; count this directory's commands once each.
        return PIPELINE.readAll(Topics.ACCESS_COMMANDS, codec::decode).stream().map(r -> r.value())
                .filter(c -> c.getDirectoryId().equals(PIPELINE.directoryId()))
                .filter(c -> c.getType() == AccessCommandType.DEPROVISION)
                .collect(java.util.stream.Collectors.toMap(AccessCommand::getCommandId, c -> c, (a, b) -> a,
                        java.util.LinkedHashMap::new)).values().stream().toList();
    }

    /** Runs the real CLI as a child process against the pipeline's projector; returns its output. */
    private static String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("dirsync.projector.jar"), "io.dirsync.projector.guard.GuardCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DIRSYNC_PROJECTOR_URL", "http://localhost:" + PIPELINE.projectorPort());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
