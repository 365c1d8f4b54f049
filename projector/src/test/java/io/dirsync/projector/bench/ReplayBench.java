package io.dirsync.projector.bench;

import io.dirsync.kafkalocal.EmbeddedKafkaCluster;
import io.dirsync.projector.ProjectorConfig;
import io.dirsync.projector.StreamsFactory;
import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Benchmark, not a test: generates a directory history (joiners, movers, leavers over many directories),
 * then measures in the same run the raw read rate of the change log and the fold rate of the projector's
 * topology under exactly_once_v2, and prints both with their ratio.
 * Run: {@code mvn -q -pl projector -Pbench verify -DskipTests [-Dbench.changes=1000000 -Dbench.users=100000]}.
 */
public final class ReplayBench {

    public static void main(String[] args) throws Exception {
        int changes = Integer.getInteger("bench.changes", 200_000);
        int users = Integer.getInteger("bench.users", 20_000);
        int directories = Integer.getInteger("bench.directories", 60);
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
            kafka.createDirsyncTopics(6);
            long produced = generate(kafka.bootstrapServers(), changes, users, directories);
            double raw = rawRead(kafka.bootstrapServers(), produced);
            double eos = fold(kafka.bootstrapServers(), produced, StreamsConfig.EXACTLY_ONCE_V2);
            double alo = fold(kafka.bootstrapServers(), produced, StreamsConfig.AT_LEAST_ONCE);
            System.out.printf("%n%-40s %14s%n", "scenario (" + produced + " changes)", "changes/s");
            System.out.printf("%-40s %14.0f%n", "raw consumer read", raw);
            System.out.printf("%-40s %14.0f   (%.2fx raw)%n", "fold, exactly_once_v2", eos, eos / raw);
            System.out.printf("%-40s %14.0f   (EOS = %.2fx)%n", "fold, at_least_once", alo, eos / alo);
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("peak heap of this JVM (broker + fold): %d MiB%n", peak >> 20);
        }
    }

    private static long generate(String bootstrap, int changes, int users, int directories) throws Exception {
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        Random random = new Random(42);
        boolean[] active = new boolean[users];
        boolean[] exists = new boolean[users];
        long n = 0;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < changes; i++) {
                int u = i < users ? i : random.nextInt(users);
                String dir = "dir-" + (u % directories);
                Object payload;
                if (!exists[u]) {
                    exists[u] = true;
                    active[u] = true;
                    payload = CreateUser.newBuilder().setUserId("u" + u).setUser(user(u, true, "Eng")).build();
                } else {
                    // ~70% movers (department/title changes), ~30% leavers and rejoiners.
                    boolean flip = random.nextInt(10) < 3;
                    active[u] = flip != active[u];
                    payload = ReplaceUser.newBuilder().setUserId("u" + u)
                            .setUser(user(u, active[u], "Dept-" + random.nextInt(20))).build();
                }
                DirectoryChange change = DirectoryChange.newBuilder().setChangeId("c" + i).setDirectoryId(dir)
                        .setSource(ChangeSource.SCIM).setReceivedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
                        .setPayload(payload).build();
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, dir, codec.encode(change)));
                n++;
            }
        }
        return n;
    }

    private static UserAttributes user(int u, boolean active, String department) {
        return UserAttributes.newBuilder().setUserName("user" + u + "@example.com").setActive(active)
                .setGivenName("Given" + u).setFamilyName("Family").setEmail("user" + u + "@example.com")
                .setDepartment(department).setTitle("Engineer").build();
    }

    private static double rawRead(String bootstrap, long expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.DIRECTORY_CHANGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long start = System.nanoTime();
            long read = 0;
            while (read < expected) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double fold(String bootstrap, long expected, String guarantee) throws Exception {
        Path state = Files.createTempDirectory("replay-bench");
        String app = "replay-bench-" + guarantee + "-" + System.nanoTime();
        ProjectorConfig config = new ProjectorConfig(app, bootstrap, state.toString(),
                Long.getLong("bench.commit", 100), null, Integer.getInteger("bench.threads", 1),
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee));
        FoldMetrics metrics = new FoldMetrics();
        KafkaStreams streams = new KafkaStreams(ProjectorTopology.build(metrics, ReplayMarks.none()),
                StreamsFactory.streamsProperties(config, new HostInfo("localhost", 0)));
        long start = System.nanoTime();
        streams.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
                long done = committed.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(Topics.DIRECTORY_CHANGES))
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (done >= expected) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        return expected / ((System.nanoTime() - start) / 1e9);
    }
}
