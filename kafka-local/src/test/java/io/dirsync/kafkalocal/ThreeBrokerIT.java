package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ThreeBrokerIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.perClass(3);

    @Test
    void shouldRegisterThreeBrokersAndReplicateDirsyncTopicsThreeTimesWhenStartedWithThreeBrokers() throws Exception {
        try (Admin admin = KAFKA.admin()) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            TopicDescription changes = admin.describeTopics(List.of(Topics.DIRECTORY_CHANGES))
                    .allTopicNames().get().get(Topics.DIRECTORY_CHANGES);
            assertThat(changes.partitions()).hasSize(6).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        }
    }

    @Test
    void shouldAcceptAcksAllWritesWhenOneOfThreeBrokersIsDown() throws Exception {
        EmbeddedKafkaCluster cluster = KAFKA.cluster();
        String topic = "rf3-minisr2";
        KAFKA.createTopics(List.of(new Topics.Spec(topic, Map.of("min.insync.replicas", "2"))), 1);
        try (Admin admin = KAFKA.admin()) {
            // Each broker learns of a new topic from the controller on its own; one may not know it yet.
            await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().untilAsserted(() -> assertThat(
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).replicas())
                    .hasSize(3));
        }

        try (KafkaProducer<String, String> producer = Clients.producer(KAFKA.bootstrapServers(), Map.of())) {
            RecordMetadata first = producer.send(new ProducerRecord<>(topic, "k", "all-three-up")).get(30, TimeUnit.SECONDS);
            assertThat(first.offset()).isZero();

            cluster.stopBroker(2);
            assertThat(cluster.isBrokerRunning(2)).isFalse();
            RecordMetadata second = producer.send(new ProducerRecord<>(topic, "k", "two-up")).get(30, TimeUnit.SECONDS);
            assertThat(second.offset()).isEqualTo(1);
        } finally {
            cluster.startBroker(2);
        }
        try (Admin admin = KAFKA.admin()) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                            .partitions().get(0).isr()).as("restarted broker caught up").hasSize(3));
        }
    }
}
