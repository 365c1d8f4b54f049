package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaClusterIT {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.builder().start();
        kafka.createDirsyncTopics(6);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
            assertThat(kafka.dataDir()).as("temporary data dir is deleted on close").doesNotExist();
        }
    }

    @Test
    void shouldCreateEveryDirsyncTopicWithItsPolicyAndSixPartitionsWhenStarted() throws Exception {
        try (Admin admin = kafka.admin()) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.all().stream().map(Topics.Spec::name).toList());

            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(List.of(Topics.USER_LIFECYCLE, Topics.DIRECTORY_CHANGES)).allTopicNames().get();
            assertThat(descriptions.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(6));

            ConfigResource lifecycle = new ConfigResource(ConfigResource.Type.TOPIC, Topics.USER_LIFECYCLE);
            ConfigResource changes = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DIRECTORY_CHANGES);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(lifecycle, changes)).all().get();
            assertThat(configs.get(lifecycle).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(changes).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configs.get(changes).get("retention.ms").value()).isEqualTo("-1");
        }
    }

    @Test
    void shouldLeaveExistingTopicsAloneWhenCreatingTopicsTwice() {
        assertThat(kafka.createDirsyncTopics(6)).isEmpty();
        assertThat(kafka.createTopic("twice", 1)).containsExactly("twice");
        assertThat(kafka.createTopic("twice", 1)).isEmpty();
    }

    @Test
    void shouldShowOnlyCommittedRecordsToReadCommittedConsumerWhenOneTransactionAborts() {
        String topic = "eos-check";
        kafka.createTopic(topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = Clients.producer(kafka.bootstrapServers(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "eos-check-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-2"));
            producer.commitTransaction();
        }

        try (KafkaConsumer<String, String> committed = Clients.consumer(kafka.bootstrapServers(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            assertThat(Clients.values(Clients.readFromStart(committed, tp, 2)))
                    .containsExactly("committed-1", "committed-2");
        }
        try (KafkaConsumer<String, String> uncommitted = Clients.consumer(kafka.bootstrapServers(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"))) {
            assertThat(Clients.values(Clients.readFromStart(uncommitted, tp, 3)))
                    .as("the aborted record is in the log, only hidden from read_committed")
                    .containsExactly("committed-1", "aborted", "committed-2");
        }
    }

    @Test
    void shouldUseTemporaryDirectoryAndOneBrokerWhenBuiltWithDefaults() throws Exception {
        assertThat(kafka.brokers()).isEqualTo(1);
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(Files.isDirectory(kafka.dataDir())).isTrue();
        try (Admin admin = kafka.admin()) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }
}
