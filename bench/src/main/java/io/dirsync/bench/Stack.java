package io.dirsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Projector instance(s) and one ingest, as child processes against a broker, with one SCIM bearer token per
 * directory and one WorkOS webhook secret. Tokens and secret are random per run; ingest only ever sees their
 * SHA-256 (tokens) or reads the secret from its environment, never a file or a log line of ours.
 */
public final class Stack implements AutoCloseable {

    /** Where the packaged services are; from system properties, else the repository layout. */
    public record Jars(Path projector, Path ingest) {
        public static Jars locate() {
            String root = System.getProperty("dirsync.root", ".");
            String version = "0.1.0-SNAPSHOT";
            return new Jars(
                    Path.of(System.getProperty("dirsync.projector.jar",
                            root + "/projector/target/dirsync-projector-" + version + ".jar")),
                    Path.of(System.getProperty("dirsync.ingest.jar",
                            root + "/ingest/target/dirsync-ingest-" + version + ".jar")));
        }
    }

    public static final String WEBHOOK_ENV = "default";

    private final Map<String, String> tokens;
    private final String webhookSecret;
    private final List<Service> projectors = new ArrayList<>();
    private final List<Integer> projectorPorts = new ArrayList<>();
    private final List<Path> stateDirs = new ArrayList<>();
    private Service ingest;
    private int ingestPort;
    private String applicationId;

    private Stack(Map<String, String> tokens, String webhookSecret) {
        this.tokens = tokens;
        this.webhookSecret = webhookSecret;
    }

    /**
     * Starts {@code projectorCount} projector instances (one application id) and an ingest.
     *
     * @param extraEnv added to both services' environments (e.g. DIRSYNC_GUARD_ENABLED=false)
     */
    public static Stack start(String bootstrap, Jars jars, Path work, List<String> directories, int projectorCount,
                              Map<String, String> extraEnv) throws IOException {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String d : directories) {
            tokens.put(d, "dstok-" + randomHex(16));
        }
        Stack stack = new Stack(tokens, "whsec-" + randomHex(16));
        try {
            String app = "dirsync-projector-" + randomHex(4);
            stack.applicationId = app;
            for (int i = 0; i < projectorCount; i++) {
                int port = Service.freePort();
                Path state = work.resolve("projector-state-" + i);
                Map<String, String> env = new HashMap<>(extraEnv);
                env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
                env.put("DIRSYNC_PROJECTOR_PORT", Integer.toString(port));
                env.put("DIRSYNC_PROJECTOR_STATE_DIR", state.toString());
                env.put("DIRSYNC_PROJECTOR_APPLICATION_ID", app);
                stack.projectorPorts.add(port);
                stack.stateDirs.add(state);
                stack.projectors.add(Service.start("projector-" + i, jars.projector(), work.resolve("logs"),
                        "http://localhost:" + port + "/query/health", env, "-Xmx384m"));
            }
            stack.ingestPort = Service.freePort();
            Map<String, String> env = new HashMap<>(extraEnv);
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            env.put("DIRSYNC_INGEST_PORT", Integer.toString(stack.ingestPort));
            env.put("DIRSYNC_PROJECTOR_URL", "http://localhost:" + stack.projectorPorts.get(0));
            env.put("DIRSYNC_SCIM_TOKENS", tokens.entrySet().stream()
                    .map(e -> e.getKey() + ":" + sha256(e.getValue())).collect(Collectors.joining(",")));
            env.put("DIRSYNC_WORKOS_WEBHOOK_SECRETS", stack.webhookSecret);
            stack.ingest = Service.start("ingest", jars.ingest(), work.resolve("logs"),
                    "http://localhost:" + stack.ingestPort + "/health", env, "-Xmx256m");
            return stack;
        } catch (IOException | RuntimeException e) {
            try {
                stack.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /** The projector instances' Kafka Streams application id (their consumer group). */
    public String applicationId() {
        return applicationId;
    }

    public String ingestUrl() {
        return "http://localhost:" + ingestPort;
    }

    public String token(String directory) {
        return tokens.get(directory);
    }

    public Map<String, String> tokens() {
        return tokens;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public Service ingest() {
        return ingest;
    }

    public List<Service> projectors() {
        return projectors;
    }

    public List<Path> stateDirs() {
        return stateDirs;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() throws InterruptedException {
        if (ingest != null) {
            ingest.close();
        }
        for (int i = projectors.size() - 1; i >= 0; i--) {
            projectors.get(i).close();
        }
    }
}
