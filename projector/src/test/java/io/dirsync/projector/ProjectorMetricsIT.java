package io.dirsync.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's view of the fold on a real broker: {@code /prometheus} counts changes, dead letters and anomalies
 * by kind, next to Kafka Streams' own metrics.
 */
class ProjectorMetricsIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.perClass();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldExposeFoldCountsAnomaliesByKindAndStreamsMetrics(@TempDir Path state) throws Exception {
        DirectoryChange create = DirectoryChange.newBuilder().setChangeId("c-1").setDirectoryId("metrics-dir")
                .setSource(ChangeSource.SCIM).setReceivedAt(Instant.parse("2026-06-30T12:00:00Z"))
                .setPayload(CreateUser.newBuilder().setUserId("u-1").setUser(UserAttributes.newBuilder()
                        .setUserName("ada@example.com").setActive(true).build()).build())
                .build();
        byte[] bytes = AvroCodec.of(DirectoryChange.class).encode(create);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // The same record twice (a redelivery) and one that is not a change at all.
            producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, "metrics-dir", bytes)).get();
            producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, "metrics-dir", bytes)).get();
            producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, "metrics-dir",
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (ApplicationContext projector = ApplicationContext.builder().deduceEnvironment(false).properties(Map.of(
                "micronaut.server.port", freePort(),
                "dirsync.projector.application-id", "metrics-it",
                "dirsync.projector.bootstrap-servers", KAFKA.bootstrapServers(),
                "dirsync.projector.state-dir", state.toString())).start()) {
            EmbeddedServer server = projector.getBean(EmbeddedServer.class).start();
            URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/prometheus");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String metrics = HTTP.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("dirsync_fold_changes_total 2.0");
                assertThat(metrics).contains("dirsync_fold_dead_letters_total 1.0");
                assertThat(metrics).containsPattern("dirsync_fold_anomalies_total\\{kind=\"DUPLICATE_CHANGE\"} 1.0");
                assertThat(metrics).contains("kafka_stream_thread_process_total");
            });
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
