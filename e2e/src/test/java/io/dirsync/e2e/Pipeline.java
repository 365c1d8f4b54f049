package io.dirsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The whole dirsync pipeline for a test: projector and ingest as child processes against a broker,
 * a SCIM client with a bearer token, and a read_committed reader of any output topic.
 */
public final class Pipeline implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final String bootstrapServers;
    final String directoryId;
    final int ingestPort;
    final int projectorPort;
    private final String token;
    private final ServiceProcess projector;
    private final ServiceProcess ingest;
    private final HttpClient http = HttpClient.newHttpClient();

    private Pipeline(String bootstrapServers, String directoryId, String token, int ingestPort, int projectorPort,
                     ServiceProcess projector, ServiceProcess ingest) {
        this.bootstrapServers = bootstrapServers;
        this.directoryId = directoryId;
        this.token = token;
        this.ingestPort = ingestPort;
        this.projectorPort = projectorPort;
        this.projector = projector;
        this.ingest = ingest;
    }

    public static Pipeline start(String bootstrapServers, Path stateDir) throws Exception {
        return start(bootstrapServers, stateDir, Map.of());
    }

    /** As {@link #start(String, Path)}, with extra environment for ingest (e.g. a WorkOS source). */
    public static Pipeline start(String bootstrapServers, Path stateDir, Map<String, String> ingestEnv)
            throws Exception {
        return start(bootstrapServers, stateDir, ingestEnv, "acme");
    }

    /**
     * As {@link #start(String, Path, Map)}, with the SCIM token's directory. Tests sharing a broker fold each
     * other's history (every pipeline's projector reads the whole log), so a test that counts per directory
     * takes its own.
     */
    public static Pipeline start(String bootstrapServers, Path stateDir, Map<String, String> ingestEnv,
                                 String directoryId) throws Exception {
        int projectorPort = ServiceProcess.freePort();
        int ingestPort = ServiceProcess.freePort();
        String token = "e2e-" + UUID.randomUUID();
        Files.createDirectories(stateDir);
        ServiceProcess projector = ServiceProcess.start("projector", "dirsync.projector.jar", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "DIRSYNC_PROJECTOR_PORT", Integer.toString(projectorPort),
                "DIRSYNC_PROJECTOR_STATE_DIR", stateDir.resolve("projector").toString(),
                "DIRSYNC_PROJECTOR_APPLICATION_ID", "dirsync-projector-" + UUID.randomUUID()), "-Xmx384m");
        ServiceProcess ingest = null;
        try {
            projector.awaitHealthy("http://localhost:" + projectorPort + "/query/health", Duration.ofSeconds(90));
            Map<String, String> env = new java.util.HashMap<>(ingestEnv);
            env.putAll(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                    "DIRSYNC_INGEST_PORT", Integer.toString(ingestPort),
                    "DIRSYNC_PROJECTOR_URL", "http://localhost:" + projectorPort,
                    "DIRSYNC_SCIM_TOKENS", directoryId + ":" + sha256(token)));
            ingest = ServiceProcess.start("ingest", "dirsync.ingest.jar", env, "-Xmx256m");
            ingest.awaitHealthy("http://localhost:" + ingestPort + "/health", Duration.ofSeconds(90));
            return new Pipeline(bootstrapServers, directoryId, token, ingestPort, projectorPort, projector, ingest);
        } catch (RuntimeException | Error e) {
            if (ingest != null) {
                ingest.close();
            }
            projector.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int ingestPort() {
        return ingestPort;
    }

    public int projectorPort() {
        return projectorPort;
    }

    public String directoryId() {
        return directoryId;
    }

    /** A SCIM request to ingest; returns status and parsed body (null when empty). */
    public Response scim(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + ingestPort + "/scim/v2" + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/scim+json; charset=utf-8");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    /** Every committed record of a topic, from the beginning to the current end, decoded. */
    public <T> List<ConsumerRecord<String, T>> readAll(String topic, Function<byte[], T> decode) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                            r.value() == null ? null : decode.apply(r.value())));
                }
            }
        }
        return out;
    }

    public record Response(int status, JsonNode body) {
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        ingest.close();
        projector.close();
    }
}
