package io.dirsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.kafkalocal.KafkaClusterExtension;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projector instances split the directories between them; a query sent to either instance is answered,
 * for directories it owns and (forwarded) for those the other one owns.
 */
class QueryForwardingIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final int DIRECTORIES = 12;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerEveryDirectoryFromEitherInstance(@TempDir Path state) throws Exception {
        String applicationId = "dirsync-projector-fwd-" + UUID.randomUUID();
        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        try (ServiceProcess a = projector("projector-a", applicationId, portA, state.resolve("a"));
             ServiceProcess b = projector("projector-b", applicationId, portB, state.resolve("b"))) {
            a.awaitHealthy(health(portA), Duration.ofSeconds(90));
            b.awaitHealthy(health(portB), Duration.ofSeconds(90));
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> directories = IntStream.range(0, DIRECTORIES).mapToObj(i -> "dir-" + run + "-" + i).toList();
            produceOneUserPerDirectory(directories);

            await("every directory readable through instance A and instance B").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> directories.stream().allMatch(d -> total(portA, d) == 1 && total(portB, d) == 1));

            // Both instances own work, so some answers above were forwarded.
            await("both instances own directories").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(owners(portA, directories)).hasSize(2));

            // A userName search finds the user through either instance: the owner answers, the other forwards.
            for (String d : directories) {
                assertThat(foundByUserName(portA, d)).as("through A: " + d).isEqualTo("u1");
                assertThat(foundByUserName(portB, d)).as("through B: " + d).isEqualTo("u1");
            }
        }
    }

    private ServiceProcess projector(String name, String applicationId, int port, Path stateDir) throws Exception {
        return ServiceProcess.start(name, "dirsync.projector.jar", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "DIRSYNC_PROJECTOR_PORT", Integer.toString(port),
                "DIRSYNC_PROJECTOR_STATE_DIR", stateDir.toString(),
                "DIRSYNC_PROJECTOR_APPLICATION_ID", applicationId), "-Xmx384m");
    }

    private void produceOneUserPerDirectory(List<String> directories) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (String directory : directories) {
                DirectoryChange change = DirectoryChange.newBuilder()
                        .setChangeId(UUID.randomUUID().toString())
                        .setDirectoryId(directory)
                        .setSource(ChangeSource.SCIM)
                        .setReceivedAt(Instant.now())
                        .setPayload(CreateUser.newBuilder().setUserId("u1")
                                .setUser(UserAttributes.newBuilder().setUserName("ada@" + directory).setActive(true).build())
                                .build())
                        .build();
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, directory, codec.encode(change))).get();
            }
        }
    }

    private long total(int port, String directory) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/query/directories/" + directory + "/users")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            JsonNode body = Pipeline.JSON.readTree(r.body());
            return body.path("totalResults").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private String foundByUserName(int port, String directory) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/query/directories/" + directory + "/users/search?filter="
                + URLEncoder.encode("userName eq \"ADA@" + directory + "\"", StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode items = Pipeline.JSON.readTree(r.body()).path("items");
        return items.size() == 1 ? items.get(0).path("userId").asText() : "found " + items.size();
    }

    /** Distinct instances that own the directories, from the users' lifecycle as seen through instance A. */
    private Set<String> owners(int port, List<String> directories) throws Exception {
        Set<String> owners = new HashSet<>();
        for (String d : directories) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/query/directories/" + d + "/owner")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                owners.add(Pipeline.JSON.readTree(r.body()).path("host").asText());
            }
        }
        return owners;
    }

    private static String health(int port) {
        return "http://localhost:" + port + "/query/health";
    }
}
