package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A real Apache Kafka cluster (KRaft) running inside this JVM on 127.0.0.1.
 *
 * <p>Two shapes: one combined {@code broker,controller} node ({@code brokers(1)}, the default), or one
 * controller-only node plus three broker-only nodes ({@code brokers(3)}). The data directory is either
 * temporary (deleted on {@link #close()}) or persistent ({@link Builder#dataDir(Path)}): a cluster
 * started again on the same directory keeps its topics and records, because node ids, the cluster id and
 * the ports are stored in {@value #STATE_FILE} inside it.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
 *     kafka.createDirsyncTopics(6);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** File in a persistent data directory that pins cluster id, shape and ports across restarts. */
    public static final String STATE_FILE = "dirsync-kafka.properties";
    /** Partitions of each dirsync topic unless told otherwise. */
    public static final int DEFAULT_PARTITIONS = 6;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Node id of the combined node in the single-broker shape; broker i (0-based) has id i + 1. */
    private static final int FIRST_BROKER_ID = 1;
    /** Node id of the controller-only node in the three-broker shape. */
    private static final int CONTROLLER_ID = 100;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final int brokers;
    private final Path dataDir;
    private final boolean temporary;
    private final Map<String, String> overrides;
    private final String clusterId;
    private final int controllerPort;
    private final int[] brokerPorts;
    /** Running broker servers by index (null when stopped); in the single shape index 0 is the combined node. */
    private final KafkaRaftServer[] brokerServers;
    private KafkaRaftServer controllerServer;
    private boolean closed;

    private EmbeddedKafkaCluster(Builder b) throws IOException {
        this.brokers = b.brokers;
        this.overrides = Map.copyOf(b.overrides);
        this.temporary = b.dataDir == null;
        this.dataDir = temporary
                ? Files.createTempDirectory("dirsync-kafka-")
                : Files.createDirectories(b.dataDir.toAbsolutePath().normalize());

        Properties state = loadState(dataDir.resolve(STATE_FILE));
        if (!state.isEmpty()) {
            int storedBrokers = intOr(state, "brokers", brokers);
            if (storedBrokers != brokers) {
                throw new IllegalStateException("Data directory " + dataDir + " holds a " + storedBrokers
                        + "-broker cluster; cannot start it with " + brokers + " brokers");
            }
        }
        this.clusterId = state.getProperty("cluster.id", Uuid.randomUuid().toString());
        int storedControllerPort = intOr(state, "controller.port", -1);
        this.controllerPort = b.controllerPort > 0 ? b.controllerPort
                : storedControllerPort > 0 ? storedControllerPort : freePort();
        this.brokerPorts = new int[brokers];
        for (int i = 0; i < brokers; i++) {
            int stored = intOr(state, "broker.port." + i, -1);
            if (b.port > 0) {
                brokerPorts[i] = b.port + i;
            } else if (stored > 0) {
                brokerPorts[i] = stored;
            } else {
                brokerPorts[i] = freePort();
            }
        }
        this.brokerServers = new KafkaRaftServer[brokers];
        if (!temporary) {
            saveState();
        }
    }

    /** A builder for a one-broker cluster on a temporary directory and a free port. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    private void startAll() {
        long t0 = System.nanoTime();
        try {
            if (brokers == 1) {
                brokerServers[0] = startNode(combinedConfig());
            } else {
                controllerServer = startNode(controllerConfig());
                // Broker startup blocks until the controller unfences the broker: start them side by side.
                List<CompletableFuture<Void>> starts = new ArrayList<>();
                for (int i = 0; i < brokers; i++) {
                    int index = i;
                    starts.add(CompletableFuture.runAsync(() -> startBrokerNode(index), daemonExecutor("start-broker-" + i)));
                }
                CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                        .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            awaitBrokers(brokers);
            LOG.info("Kafka cluster {} ({} broker(s)) ready at {} in {} ms", clusterId, brokers, bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            closeQuietly();
            throw new IllegalStateException("Kafka cluster did not start", e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            throw new IllegalStateException("Interrupted while starting Kafka", e);
        }
    }

    private static java.util.concurrent.Executor daemonExecutor(String name) {
        return r -> {
            Thread t = new Thread(r, "dirsync-kafka-" + name);
            t.setDaemon(true);
            t.start();
        };
    }

    private void startBrokerNode(int index) {
        KafkaRaftServer server = startNode(brokerConfig(index));
        synchronized (this) {
            brokerServers[index] = server;
        }
    }

    private KafkaRaftServer startNode(Map<String, String> props) {
        String nodeDir = props.get("log.dirs");
        format(props, nodeDir);
        KafkaConfig config = new KafkaConfig(props, false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownServer(server, "node " + props.get("node.id"));
            throw e;
        }
        return server;
    }

    /** Formats the node's directory unless it is formatted already (restart of a persistent cluster). */
    private void format(Map<String, String> props, String nodeDir) {
        if (Files.exists(Path.of(nodeDir, "meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(Integer.parseInt(props.get("node.id")))
                    .setClusterId(clusterId)
                    .setDirectories(List.of(nodeDir))
                    .setMetadataLogDirectory(nodeDir)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format " + nodeDir, e);
        }
    }

    /**
     * Stops broker {@code index} (0-based) with a controlled shutdown and waits for it to be gone. In the
     * one-broker shape this stops the whole (combined) node.
     */
    public synchronized void stopBroker(int index) {
        checkIndex(index);
        KafkaRaftServer server = brokerServers[index];
        if (server == null) {
            return;
        }
        brokerServers[index] = null;
        long t0 = System.nanoTime();
        shutdownServer(server, "broker " + brokerNodeId(index));
        LOG.info("Kafka broker {} stopped in {} ms", brokerNodeId(index), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** Starts broker {@code index} again (same node id, port and data) and waits until it is registered. */
    public void startBroker(int index) {
        long t0 = System.nanoTime();
        synchronized (this) {
            checkIndex(index);
            if (closed) {
                throw new IllegalStateException("cluster is closed");
            }
            if (brokerServers[index] != null) {
                return;
            }
            brokerServers[index] = startNode(brokers == 1 ? combinedConfig() : brokerConfig(index));
        }
        try {
            awaitBrokers(runningBrokers());
            LOG.info("Kafka broker {} started in {} ms", brokerNodeId(index), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for broker " + index, e);
        }
    }

    /** Whether broker {@code index} (0-based) is running. */
    public synchronized boolean isBrokerRunning(int index) {
        checkIndex(index);
        return brokerServers[index] != null;
    }

    private synchronized int runningBrokers() {
        int n = 0;
        for (KafkaRaftServer s : brokerServers) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= brokers) {
            throw new IndexOutOfBoundsException("broker index " + index + " not in [0, " + brokers + ")");
        }
    }

    private void awaitBrokers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int seen = -1;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (seen == expected) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("describeCluster not answered yet", e);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("Expected " + expected + " broker(s), saw " + seen + " after " + READY_TIMEOUT);
    }

    /** Shuts down the brokers, then the controller, and deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        List<KafkaRaftServer> toStop = new ArrayList<>();
        KafkaRaftServer controller;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 0; i < brokers; i++) {
                if (brokerServers[i] != null) {
                    toStop.add(brokerServers[i]);
                    brokerServers[i] = null;
                }
            }
            controller = controllerServer;
            controllerServer = null;
        }
        long t0 = System.nanoTime();
        // Brokers in parallel: a sequential controlled shutdown of the last brokers waits on leader moves.
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int i = 0; i < toStop.size(); i++) {
            KafkaRaftServer server = toStop.get(i);
            stops.add(CompletableFuture.runAsync(() -> shutdownServer(server, "broker"), daemonExecutor("stop-broker-" + i)));
        }
        stops.forEach(CompletableFuture::join);
        if (controller != null) {
            shutdownServer(controller, "controller");
        }
        if (temporary) {
            deleteRecursively(dataDir);
        }
        LOG.info("Kafka cluster {} closed in {} ms", clusterId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("Error while closing a half-started Kafka cluster", e);
        }
    }

    /** Shuts a node down, waiting at most {@link #SHUTDOWN_TIMEOUT}; a node that hangs is left behind (logged). */
    private static void shutdownServer(KafkaRaftServer server, String what) {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, daemonExecutor("shutdown"));
        try {
            done.get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Kafka {} did not shut down within {}; leaving it behind", what, SHUTDOWN_TIMEOUT);
        } catch (ExecutionException e) {
            LOG.warn("Error while shutting down Kafka {}", what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ configs

    private Map<String, String> combinedConfig() {
        int id = FIRST_BROKER_ID;
        Map<String, String> p = commonConfig(id);
        p.put("process.roles", "broker,controller");
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPorts[0]
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPorts[0]);
        p.put("controller.quorum.voters", id + "@" + HOST + ":" + controllerPort);
        putTopicDefaults(p);
        return withOverrides(p);
    }

    private Map<String, String> controllerConfig() {
        Map<String, String> p = commonConfig(CONTROLLER_ID);
        p.put("process.roles", "controller");
        p.put("listeners", CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        putTopicDefaults(p);
        return withOverrides(p);
    }

    /** Topic-creation defaults: Kafka 4.4 wants them on the controller role (ignored on brokers in 5.0). */
    private void putTopicDefaults(Map<String, String> p) {
        p.put("default.replication.factor", Integer.toString(defaultReplicationFactor()));
        p.put("num.partitions", "1");
    }

    private Map<String, String> brokerConfig(int index) {
        Map<String, String> p = commonConfig(brokerNodeId(index));
        p.put("process.roles", "broker");
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPorts[index]);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPorts[index]);
        return withOverrides(p);
    }

    private Map<String, String> commonConfig(int nodeId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", Integer.toString(nodeId));
        p.put("log.dirs", dataDir.resolve("node-" + nodeId).toString());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.quorum.voters", (brokers == 1 ? FIRST_BROKER_ID : CONTROLLER_ID) + "@" + HOST + ":" + controllerPort);

        String rf = Integer.toString(Math.min(3, brokers));
        String minIsr = brokers == 1 ? "1" : "2";
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("min.insync.replicas", minIsr);
        if (brokers > 1) {
            // A restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until its old session expires:
            // a shorter session makes stopBroker/startBroker take ~4 s instead of ~10 s.
            p.put("broker.session.timeout.ms", "4000");
            p.put("broker.heartbeat.interval.ms", "500");
        }
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");

        // Small footprint: several nodes may share one JVM on a 2-core machine.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.replica.fetchers", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    private Map<String, String> withOverrides(Map<String, String> p) {
        p.putAll(overrides);
        return p;
    }

    // ------------------------------------------------------------------ accessors and clients

    /** {@code host:port} of every broker, comma-separated. */
    public String bootstrapServers() {
        List<String> parts = new ArrayList<>();
        for (int port : brokerPorts) {
            parts.add(HOST + ":" + port);
        }
        return String.join(",", parts);
    }

    /** Number of brokers (1 or 3). */
    public int brokers() {
        return brokers;
    }

    /** Listener port of broker {@code index} (0-based). */
    public int brokerPort(int index) {
        checkIndex(index);
        return brokerPorts[index];
    }

    /** Kafka node id of broker {@code index} (0-based): 1, 2, 3. */
    public int brokerNodeId(int index) {
        checkIndex(index);
        return FIRST_BROKER_ID + index;
    }

    /** The data directory (temporary or the persistent one given). */
    public Path dataDir() {
        return dataDir;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Replication factor the dirsync topics get: min(3, brokers). */
    public int defaultReplicationFactor() {
        return Math.min(3, brokers);
    }

    /** Minimal client config for an {@link Admin} on this cluster (a fresh mutable map). */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "dirsync-kafka-local-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    /** A new {@link Admin} on this cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(adminConfig());
    }

    /**
     * Creates the topics of {@code specs} that do not exist yet, with {@code partitions} partitions and
     * replication factor min(3, brokers). Existing topics are left alone.
     *
     * @return the names of the topics created by this call
     */
    public List<String> createTopics(List<Topics.Spec> specs, int partitions) {
        try (Admin admin = admin()) {
            return TopicsAdmin.createTopics(admin, specs, partitions, defaultReplicationFactor());
        }
    }

    /** Creates one topic (no topic-level configs) unless it exists. */
    public List<String> createTopic(String name, int partitions) {
        return createTopics(List.of(new Topics.Spec(name, Map.of())), partitions);
    }

    /** Creates every dirsync topic from {@link Topics#all()} that does not exist yet. */
    public List<String> createDirsyncTopics(int partitions) {
        return createTopics(Topics.all(), partitions);
    }

    /** Creates every dirsync topic with {@value #DEFAULT_PARTITIONS} partitions. */
    public List<String> createDirsyncTopics() {
        return createDirsyncTopics(DEFAULT_PARTITIONS);
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[brokers=" + brokers + ", bootstrap=" + bootstrapServers() + ", dataDir=" + dataDir
                + (temporary ? " (temporary)" : "") + "]";
    }

    // ------------------------------------------------------------------ state file, ports, files

    private void saveState() throws IOException {
        Properties state = new Properties();
        state.setProperty("cluster.id", clusterId);
        state.setProperty("brokers", Integer.toString(brokers));
        state.setProperty("controller.port", Integer.toString(controllerPort));
        for (int i = 0; i < brokers; i++) {
            state.setProperty("broker.port." + i, Integer.toString(brokerPorts[i]));
        }
        Path file = dataDir.resolve(STATE_FILE);
        Path tmp = dataDir.resolve(STATE_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            state.store(out, "dirsync embedded Kafka: keeps node ids and ports stable across restarts");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Properties loadState(Path file) throws IOException {
        Properties state = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                state.load(in);
            }
        }
        return state;
    }

    private static int intOr(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        return v == null ? fallback : Integer.parseInt(v.trim());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {}", root, e);
        }
    }

    // ------------------------------------------------------------------ builder

    /** Options of an {@link EmbeddedKafkaCluster}; {@link #start()} builds and starts it. */
    public static final class Builder {
        private int brokers = 1;
        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** 1 (one combined node, the default) or 3 (one controller plus three brokers). */
        public Builder brokers(int brokers) {
            if (brokers != 1 && brokers != 3) {
                throw new IllegalArgumentException("brokers must be 1 or 3, was " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /**
         * A persistent data directory (created if missing, never deleted). Without one, a temporary
         * directory is used and deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * Fixed listener port of the first broker (the others get port+1, port+2). 0 (default): a free
         * port, or the port stored in a persistent data directory.
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("bad port " + port);
            }
            this.port = port;
            return this;
        }

        /** Fixed controller port; 0 (default): a free port, or the one stored in a persistent data directory. */
        public Builder controllerPort(int controllerPort) {
            if (controllerPort < 0 || controllerPort > 65535) {
                throw new IllegalArgumentException("bad port " + controllerPort);
            }
            this.controllerPort = controllerPort;
            return this;
        }

        /** Overrides one broker/controller config on every node (applied last). */
        public Builder brokerConfig(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Builds the cluster and starts it; returns once every broker is registered. */
        public EmbeddedKafkaCluster start() {
            EmbeddedKafkaCluster cluster;
            try {
                cluster = new EmbeddedKafkaCluster(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not prepare the Kafka data directory", e);
            }
            cluster.startAll();
            return cluster;
        }

        @Override
        public String toString() {
            return overrides.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ", "Builder[brokers=" + brokers + ", dataDir=" + dataDir
                            + ", port=" + port + ", overrides={", "}]"));
        }
    }
}
