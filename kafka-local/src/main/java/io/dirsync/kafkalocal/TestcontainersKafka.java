package io.dirsync.kafkalocal;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The only class that touches Testcontainers. It is loaded only when {@code -Ddirsync.kafka=testcontainers}
 * is set and Docker looks present, so without Docker (or without Testcontainers on the class path) nothing
 * ever calls into it.
 */
final class TestcontainersKafka implements KafkaHandle {

    static final String IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;

    private TestcontainersKafka(KafkaContainer container) {
        this.container = container;
    }

    /** Asks Testcontainers whether Docker really answers (takes a fraction of a second). */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource")
    static TestcontainersKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        container.start();
        return new TestcontainersKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public EmbeddedKafkaCluster cluster() {
        return null;
    }

    @Override
    public int replicationFactor() {
        return 1;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Testcontainers Kafka " + IMAGE + " at " + bootstrapServers();
    }
}
