package io.dirsync.e2e;

import io.dirsync.kafkalocal.KafkaClusterExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Pipeline} for a test class, on the JVM's shared broker, with its state in a temporary directory;
 * started before the class's first test and closed after its last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PipelineExtension PIPELINE = PipelineExtension.forDirectory("guard-it");
 * }</pre>
 */
public final class PipelineExtension implements BeforeAllCallback, AfterAllCallback {

    private final KafkaClusterExtension kafka = KafkaClusterExtension.shared();
    private final Map<String, String> ingestEnv;
    private final String directoryId;
    private Path state;
    private Pipeline pipeline;

    private PipelineExtension(Map<String, String> ingestEnv, String directoryId) {
        this.ingestEnv = ingestEnv;
        this.directoryId = directoryId;
    }

    /** SCIM token of directory {@code acme}. */
    public static PipelineExtension standard() {
        return forDirectory("acme");
    }

    /** SCIM token of {@code directoryId}: each pipeline folds the whole shared log; a counting test takes its own. */
    public static PipelineExtension forDirectory(String directoryId) {
        return new PipelineExtension(Map.of(), directoryId);
    }

    /** As {@link #forDirectory}, with extra environment for ingest. */
    public PipelineExtension withIngestEnv(Map<String, String> env) {
        return new PipelineExtension(Map.copyOf(env), directoryId);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** {@link Pipeline#scim}. */
    public Pipeline.Response scim(String method, String path, String body) throws IOException, InterruptedException {
        return pipeline.scim(method, path, body);
    }

    /** {@link Pipeline#readAll}. */
    public <T> List<ConsumerRecord<String, T>> readAll(String topic, Function<byte[], T> decode) {
        return pipeline.readAll(topic, decode);
    }

    public String directoryId() {
        return pipeline.directoryId();
    }

    public int projectorPort() {
        return pipeline.projectorPort();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka.beforeAll(context);
        state = Files.createTempDirectory("dirsync-e2e-");
        pipeline = Pipeline.start(kafka.bootstrapServers(), state, ingestEnv, directoryId);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            delete(state);
            kafka.afterAll(context);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
