package io.dirsync.projector.bench;

import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.AvroSerde;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.UserAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The fold's own cost of a 10,000-member group delta (add, then remove), without Kafka or HTTP: how much of the
 * SCIM PATCH goal (under 1 s end to end) the projector spends. A benchmark, never part of the tests:
 * {@code mvn -pl projector -Pbench test-compile exec:exec@group-fold-bench}.
 */
public final class GroupFoldBench {

    private static final String DIR = "bench-dir";
    private static final int MEMBERS = 10_000;

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "group-fold-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/group-fold-bench-"
                + System.nanoTime());
        AvroSerde<DirectoryChange> serde = new AvroSerde<>(DirectoryChange.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(ProjectorTopology.build(new FoldMetrics()), props)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.DIRECTORY_CHANGES,
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            long[] seq = {0};
            java.util.function.Consumer<Object> send = payload -> input.pipeInput(DIR, serde.serializer().serialize(
                    Topics.DIRECTORY_CHANGES, DirectoryChange.newBuilder().setChangeId("c" + seq[0])
                            .setDirectoryId(DIR).setSource(ChangeSource.SCIM).setRequestId("r" + seq[0])
                            .setReceivedAt(Instant.ofEpochMilli(1_000L + seq[0]++)).setPayload(payload).build()));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                ids.add("u" + i);
                send.accept(CreateUser.newBuilder().setUserId("u" + i).setUser(UserAttributes.newBuilder()
                        .setUserName("user" + i + "@example.com").setActive(true).build()).build());
            }
            send.accept(CreateGroup.newBuilder().setGroupId("big").setDisplayName("Big").build());
            int rounds = Integer.getInteger("bench.rounds", 8);
            double[] adds = new double[rounds];
            double[] removes = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                send.accept(UpdateGroup.newBuilder().setGroupId("big").setAddMembers(ids).build());
                adds[r] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                send.accept(UpdateGroup.newBuilder().setGroupId("big").setRemoveMembers(ids).build());
                removes[r] = (System.nanoTime() - start) / 1e6;
                // The driver keeps every output record: drop them so memory stays flat across rounds.
                driver.producedTopicNames().forEach(t -> driver.createOutputTopic(t, Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer()).readRecordsToList());
            }
            System.out.printf("fold of a %,d-member delta (ms per change, rounds after the first two):%n", MEMBERS);
            System.out.printf("  add    %s%n  remove %s%n", summary(adds), summary(removes));
        }
    }

    private static String summary(double[] ms) {
        double[] warm = Arrays.copyOfRange(ms, Math.min(2, ms.length - 1), ms.length);
        Arrays.sort(warm);
        return String.format("median %.0f  min %.0f  max %.0f", warm[warm.length / 2], warm[0], warm[warm.length - 1]);
    }
}
