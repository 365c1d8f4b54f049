package io.dirsync.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged dirsync service (projector or ingest) as a real child process, so kill -9 is a real SIGKILL and the
 * numbers are those of the artifact people run. Its output is appended to one log file per service name, which
 * the secrets scan reads afterwards. Restartable with the same command and environment.
 */
public final class Service implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final String healthUrl;
    private Process process;

    private Service(String name, List<String> command, Map<String, String> env, Path log, String healthUrl) {
        this.name = name;
        this.command = command;
        this.env = env;
        this.log = log;
        this.healthUrl = healthUrl;
    }

    /** Starts {@code java [jvmArgs] -jar jar} with {@code env} and waits until {@code healthUrl} answers 200. */
    public static Service start(String name, Path jar, Path logs, String healthUrl, Map<String, String> env,
                                String... jvmArgs) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar not found at " + jar + ": run ./dirsync build (or mvn install)");
        }
        Files.createDirectories(logs);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", jar.toString()));
        Service s = new Service(name, command, env, logs.resolve(name + ".log"), healthUrl);
        s.launch();
        return s;
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        // A projector restarted after kill -9 under EOS wipes its stores and restores them from the changelogs
        // while the load goes on; on 2 shared cores that can take minutes. The wait is set-up, not a criterion.
        awaitHealthy(Duration.ofSeconds(300));
    }

    /** Waits until the health URL answers 200, failing early (with the log's tail) if the process died. */
    public void awaitHealthy(Duration timeout) {
        await(name + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tailOfLog());
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(healthUrl))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL: no shutdown hook, no flush, no leaving the group. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the process again with the same command and environment, and waits until it is healthy. */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Pid of the running process (for peak-RSS reading in benchmarks). */
    public long pid() {
        return process.pid();
    }

    String tailOfLog() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
