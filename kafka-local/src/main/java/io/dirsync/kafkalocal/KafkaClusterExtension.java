package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit 5 extension giving a test class a real Kafka.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();
 * }</pre>
 *
 * <ul>
 *   <li>{@link #shared()}: one single-broker cluster per JVM (test run), kept in the root extension store
 *       and closed when the run ends.</li>
 *   <li>{@link #perClass()} / {@link #perClass(int)}: a fresh cluster for the test class, closed after it.</li>
 * </ul>
 * Either way every dirsync topic ({@link Topics#all()}) exists with {@value #PARTITIONS} partitions before the
 * first test runs. Register it on a {@code static} field; on an instance field the cluster lives for one test.
 *
 * <p>With {@code -Ddirsync.kafka=testcontainers} and a reachable Docker, single-broker clusters run in an
 * {@code apache/kafka} container instead ({@link #cluster()} is then null). Without Docker nothing ever
 * calls Testcontainers and the embedded broker is used.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** System property choosing the Kafka: {@code embedded} (default) or {@code testcontainers}. */
    public static final String MODE_PROPERTY = "dirsync.kafka";
    /** Partitions of each dirsync topic the extension creates. */
    public static final int PARTITIONS = EmbeddedKafkaCluster.DEFAULT_PARTITIONS;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final String SHARED_KEY = "dirsync.shared-kafka";

    private final boolean shared;
    private final int brokers;
    private volatile KafkaHandle handle;
    /** Unique id of the context that started a per-class (or per-test) cluster; it alone closes it. */
    private String owner;

    private KafkaClusterExtension(boolean shared, int brokers) {
        this.shared = shared;
        this.brokers = brokers;
    }

    /** One single-broker cluster for the whole JVM, shared by every test class that uses it. */
    public static KafkaClusterExtension shared() {
        return new KafkaClusterExtension(true, 1);
    }

    /** A single-broker cluster of the test class's own. */
    public static KafkaClusterExtension perClass() {
        return perClass(1);
    }

    /** A cluster of the test class's own with 1 or 3 brokers (3 is always embedded). */
    public static KafkaClusterExtension perClass(int brokers) {
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("brokers must be 1 or 3, was " + brokers);
        }
        return new KafkaClusterExtension(false, brokers);
    }

    // ------------------------------------------------------------------ callbacks

    @Override
    public void beforeAll(ExtensionContext context) {
        acquire(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        release(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        acquire(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        release(context);
    }

    private synchronized void acquire(ExtensionContext context) {
        if (handle != null) {
            return; // already running: nested class, or a test of a class that started it
        }
        if (shared) {
            handle = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(SHARED_KEY, key -> new SharedKafka(startWithTopics(1)), SharedKafka.class)
                    .handle;
        } else {
            handle = startWithTopics(brokers);
            owner = context.getUniqueId();
        }
    }

    private synchronized void release(ExtensionContext context) {
        if (shared || handle == null || !context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            handle.close();
        } finally {
            handle = null;
            owner = null;
        }
    }

    // ------------------------------------------------------------------ accessors

    /** Bootstrap servers of the running Kafka (embedded or container). */
    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    /** The embedded cluster, or null when Kafka runs in a Testcontainers container. */
    public EmbeddedKafkaCluster cluster() {
        return running().cluster();
    }

    /** Client config for an {@link Admin} on the running Kafka (a fresh mutable map). */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "dirsync-kafka-test-admin");
        return config;
    }

    /** A new {@link Admin} on the running Kafka; the caller closes it. */
    public Admin admin() {
        return Admin.create(adminConfig());
    }

    /** Creates the topics of {@code specs} that do not exist yet (works in both modes). */
    public List<String> createTopics(List<Topics.Spec> specs, int partitions) {
        KafkaHandle h = running();
        try (Admin admin = admin()) {
            return TopicsAdmin.createTopics(admin, specs, partitions, h.replicationFactor());
        }
    }

    /** Creates one topic without topic-level configs unless it exists. */
    public List<String> createTopic(String name, int partitions) {
        return createTopics(List.of(new Topics.Spec(name, Map.of())), partitions);
    }

    private KafkaHandle running() {
        KafkaHandle h = handle;
        if (h == null) {
            throw new IllegalStateException("Kafka is not running: register KafkaClusterExtension with "
                    + "@RegisterExtension (on a static field for a class-wide cluster) and use it from a test");
        }
        return h;
    }

    @Override
    public String toString() {
        return "KafkaClusterExtension[" + (shared ? "shared" : "perClass(" + brokers + ")") + ", " + handle + "]";
    }

    // ------------------------------------------------------------------ starting

    private static KafkaHandle startWithTopics(int brokers) {
        KafkaHandle h = start(brokers);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, h.bootstrapServers()))) {
            TopicsAdmin.createTopics(admin, Topics.all(), PARTITIONS, h.replicationFactor());
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    private static KafkaHandle start(int brokers) {
        if (brokers == 1 && useTestcontainers()) {
            LOG.info("Starting Kafka in a container ({})", TestcontainersKafka.IMAGE);
            return TestcontainersKafka.start();
        }
        return KafkaHandle.embedded(EmbeddedKafkaCluster.builder().brokers(brokers).start());
    }

    /**
     * True only if Testcontainers was asked for, Docker looks present (cheap check first) and Testcontainers
     * confirms it. {@link TestcontainersKafka} is not loaded before the cheap checks pass.
     */
    static boolean useTestcontainers() {
        if (!"testcontainers".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, "embedded").trim())) {
            return false;
        }
        if (!dockerLooksPresent()) {
            LOG.warn("-D{}=testcontainers but no DOCKER_HOST and no /var/run/docker.sock: using the embedded broker",
                    MODE_PROPERTY);
            return false;
        }
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, KafkaClusterExtension.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            LOG.warn("-D{}=testcontainers but Testcontainers is not on the class path: using the embedded broker",
                    MODE_PROPERTY);
            return false;
        }
        if (!TestcontainersKafka.dockerAvailable()) {
            LOG.warn("-D{}=testcontainers but Docker does not answer: using the embedded broker", MODE_PROPERTY);
            return false;
        }
        return true;
    }

    static boolean dockerLooksPresent() {
        String dockerHost = System.getenv("DOCKER_HOST");
        return (dockerHost != null && !dockerHost.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
    }

    /** The JVM-wide cluster, closed by JUnit when the root context closes (end of the run). */
    @SuppressWarnings("deprecation")
    private static final class SharedKafka implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final KafkaHandle handle;
        private boolean closed;

        SharedKafka(KafkaHandle handle) {
            this.handle = handle;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                handle.close();
            }
        }
    }
}
