package io.dirsync.projector.bench;

import io.dirsync.projector.query.search.SearchFilter;
import io.dirsync.projector.query.search.SearchLimits;
import io.dirsync.projector.query.search.Searcher;
import io.dirsync.projector.query.search.SortSpec;
import io.dirsync.projector.query.search.ResourceKind;
import io.dirsync.projector.query.search.UserSearchSource;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.AvroSerde;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import java.util.function.IntSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Search latency over the fold's RocksDB stores with {@code bench.search.users} users in one directory (default
 * 100,000): {@code userName eq} and {@code externalId eq} (index lookups), and for scale a full-scan filter and a
 * sorted page. Measures the query layer alone (no HTTP). A benchmark, never part of the tests:
 * {@code mvn -pl projector -Pbench exec:exec@search-bench} (after test-compile).
 */
public final class SearchBench {

    private static final String DIR = "bench-dir";

    public static void main(String[] args) {
        int users = Integer.getInteger("bench.search.users", 100_000);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "search-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/search-bench-" + System.nanoTime());
        try (TopologyTestDriver driver = new TopologyTestDriver(ProjectorTopology.build(new FoldMetrics()), props)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.DIRECTORY_CHANGES,
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            AvroSerde<DirectoryChange> serde = new AvroSerde<>(DirectoryChange.class);
            long loadStart = System.nanoTime();
            for (int i = 0; i < users; i++) {
                String userName = "user" + i + "@example.com";
                String doc = "{\"userName\":\"" + userName + "\",\"externalId\":\"ext-" + i + "\",\"title\":\"T"
                        + (i % 50) + "\",\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\"}]}";
                DirectoryChange change = DirectoryChange.newBuilder().setChangeId("c" + i).setDirectoryId(DIR)
                        .setSource(ChangeSource.SCIM).setReceivedAt(Instant.ofEpochMilli(1_000L + i))
                        .setPayload(CreateUser.newBuilder().setUserId(String.format("u%08d", i))
                                .setUser(UserAttributes.newBuilder().setUserName(userName).setExternalId("ext-" + i)
                                        .setActive(true).build())
                                .setDocument(doc).build())
                        .build();
                input.pipeInput(DIR, serde.serializer().serialize(Topics.DIRECTORY_CHANGES, change));
            }
            System.out.printf("loaded %,d users in %.1f s%n", users, (System.nanoTime() - loadStart) / 1e9);
            UserSearchSource source = new UserSearchSource(DIR, driver.getKeyValueStore(ProjectorTopology.USERS_STORE),
                    driver.getKeyValueStore(ProjectorTopology.USERNAMES_STORE),
                    driver.getKeyValueStore(ProjectorTopology.EXTERNALIDS_STORE),
                    driver.getKeyValueStore(ProjectorTopology.MEMBERS_STORE),
                    driver.getKeyValueStore(ProjectorTopology.USER_GROUPS_STORE));
            Random random = new Random(1);
            System.out.println("| query | runs | p50 ms | p99 ms | p99.9 ms | max ms | results |");
            System.out.println("|---|---|---|---|---|---|---|");
            run("userName eq (index)", 20_000, () -> search(source, "userName eq \"USER" + random.nextInt(users)
                    + "@example.com\"", null));
            run("externalId eq and title pr (index)", 20_000, () -> search(source, "externalId eq \"ext-"
                    + random.nextInt(users) + "\" and title pr", null));
            run("userName eq, no match (index)", 20_000, () -> search(source, "userName eq \"nobody"
                    + random.nextInt(users) + "\"", null));
            run("title eq (full scan)", 5, () -> search(source, "title eq \"T7\"", null));
            run("emails co, sorted by userName (full scan)", 5, () -> search(source,
                    "emails co \"99@example\"", "userName"));
        }
    }

    private static int search(UserSearchSource source, String filter, String sortBy) {
        return (int) Searcher.search(source, SearchFilter.parse(filter, ResourceKind.USER, SearchLimits.DEFAULT),
                SortSpec.parse(sortBy, null, ResourceKind.USER), 1, 100).totalResults();
    }

    private static void run(String name, int runs, IntSupplier query) {
        for (int i = 0; i < Math.min(runs, 2_000); i++) {
            query.getAsInt(); // warm-up
        }
        long[] nanos = new long[runs];
        int results = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            results = query.getAsInt();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("| %s | %,d | %.3f | %.3f | %.3f | %.3f | %d |%n", name, runs, ms(nanos, 0.50),
                ms(nanos, 0.99), ms(nanos, 0.999), nanos[runs - 1] / 1e6, results);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
