package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PersistentRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTopicsRecordsAndPortsWhenRestartedOnSameDataDir() throws Exception {
        String firstBootstrap;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(dataDir).start()) {
            firstBootstrap = kafka.bootstrapServers();
            kafka.createDirsyncTopics(2);
            try (KafkaProducer<String, String> producer = Clients.producer(firstBootstrap, Map.of())) {
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, 0, "user-1", "created")).get();
            }
        }
        assertThat(dataDir.resolve(EmbeddedKafkaCluster.STATE_FILE)).exists();

        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(dataDir).start()) {
            assertThat(kafka.bootstrapServers()).isEqualTo(firstBootstrap);
            assertThat(kafka.createDirsyncTopics(2)).as("topics survived the restart").isEmpty();
            try (Admin admin = kafka.admin()) {
                assertThat(admin.listTopics().names().get()).contains(Topics.DIRECTORY_CHANGES, Topics.USER_LIFECYCLE);
            }
            try (KafkaConsumer<String, String> consumer = Clients.consumer(kafka.bootstrapServers(), Map.of())) {
                assertThat(Clients.values(Clients.readFromStart(consumer,
                        new TopicPartition(Topics.DIRECTORY_CHANGES, 0), 1))).containsExactly("created");
            }
        }
        assertThat(dataDir).as("a persistent data dir is kept on close").isDirectory();
    }
}
