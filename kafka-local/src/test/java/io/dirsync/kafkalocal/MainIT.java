package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The local developer run as a launcher script would start it: a separate JVM, stopped with SIGTERM. */
class MainIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldPrintReadyLineServeDirsyncTopicsAndStopCleanlyWhenSentSigterm() throws Exception {
        int port = freePort();
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // The local run's own logging config (logs on stderr), not the tests' logback-test.xml.
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(),
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--partitions", "2")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    stdout.add(line);
                }
            } catch (java.io.IOException e) {
                // process gone
            }
        }, "main-it-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> !stdout.isEmpty() || !process.isAlive());
            assertThat(stdout).containsExactly("kafka ready bootstrap=127.0.0.1:" + port);

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(Topics.all().stream().map(Topics.Spec::name).toList());
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s of SIGTERM").isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(dataDir.resolve(EmbeddedKafkaCluster.STATE_FILE)).exists();
            assertThat(dataDir.resolve("node-1").resolve("meta.properties")).exists();
        } finally {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
