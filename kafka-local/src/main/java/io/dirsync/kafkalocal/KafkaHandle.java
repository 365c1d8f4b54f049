package io.dirsync.kafkalocal;

/** A running Kafka for tests: embedded in this JVM or in a container. */
interface KafkaHandle extends AutoCloseable {

    String bootstrapServers();

    /** The embedded cluster, or null when Kafka runs in a container. */
    EmbeddedKafkaCluster cluster();

    /** Replication factor for topics created on it. */
    int replicationFactor();

    @Override
    void close();

    static KafkaHandle embedded(EmbeddedKafkaCluster cluster) {
        return new KafkaHandle() {
            @Override
            public String bootstrapServers() {
                return cluster.bootstrapServers();
            }

            @Override
            public EmbeddedKafkaCluster cluster() {
                return cluster;
            }

            @Override
            public int replicationFactor() {
                return cluster.defaultReplicationFactor();
            }

            @Override
            public void close() {
                cluster.close();
            }

            @Override
            public String toString() {
                return cluster.toString();
            }
        };
    }
}
