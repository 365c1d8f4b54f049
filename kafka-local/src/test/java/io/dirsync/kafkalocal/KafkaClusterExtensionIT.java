package io.dirsync.kafkalocal;

import io.dirsync.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaClusterExtensionIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    @RegisterExtension
    static final KafkaClusterExtension SAME = KafkaClusterExtension.shared();

    @Test
    void shouldProduceAndConsumeThroughConsumerGroupWhenUsingSharedCluster() throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(KAFKA.bootstrapServers(), Map.of())) {
            producer.send(new ProducerRecord<>(Topics.LIFECYCLE_EVENTS, "user-42", "joined")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = Clients.consumer(KAFKA.bootstrapServers(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "extension-it"))) {
            consumer.subscribe(List.of(Topics.LIFECYCLE_EVENTS));
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> "user-42".equals(r.key()));
            });
            consumer.commitSync();
        }
        assertThat(seen).extracting(ConsumerRecord::value).contains("joined");
    }

    @Test
    void shouldHaveDirsyncTopicsWithSixPartitionsWhenSharedClusterIsUp() throws Exception {
        try (Admin admin = KAFKA.admin()) {
            assertThat(admin.describeTopics(Topics.all().stream().map(Topics.Spec::name).toList())
                    .allTopicNames().get().values())
                    .hasSize(Topics.all().size())
                    .allSatisfy(d -> assertThat(d.partitions()).hasSize(KafkaClusterExtension.PARTITIONS));
        }
    }

    @Test
    void shouldHandOutOneClusterWhenSharedIsRegisteredTwice() {
        assertThat(SAME.bootstrapServers()).isEqualTo(KAFKA.bootstrapServers());
        if (KAFKA.cluster() != null) {
            assertThat(SAME.cluster()).isSameAs(KAFKA.cluster());
        }
    }

    @Test
    void shouldStayEmbeddedWhenTestcontainersIsNotRequested() {
        if (!"testcontainers".equals(System.getProperty(KafkaClusterExtension.MODE_PROPERTY))) {
            assertThat(KAFKA.cluster()).isNotNull();
            assertThat(KafkaClusterExtension.useTestcontainers()).isFalse();
        }
    }
}
