package io.dirsync.e2e.bench;

import io.dirsync.e2e.Pipeline;
import io.dirsync.kafkalocal.EmbeddedKafkaCluster;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The SCIM speed goals of the groups issue on the packaged services: a PATCH adding 10,000 members and one
 * removing them (each answered after the projector applied it), a group GET with {@code excludedAttributes=members}
 * at 10 members and at 100,000, and {@code userName eq} lookups with 100,000 users in the directory.
 * Users are appended to the change log directly (SCIM would take half an hour to create 100,000).
 *
 * <p>Run: {@code mvn -q -pl e2e -Pbench verify -DskipTests -Dbench.main=io.dirsync.e2e.bench.GroupBench
 * [-Dbench.directory.users=100000]}.
 */
public final class GroupBench {

    private static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[";

    private GroupBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.directory.users", 100_000);
        Path state = Files.createTempDirectory("group-bench");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
            kafka.createDirsyncTopics(6);
            try (Pipeline pipeline = Pipeline.start(kafka.bootstrapServers(), state)) {
                seed(kafka.bootstrapServers(), pipeline, users);
                run(pipeline, users);
            }
        }
    }

    private static void seed(String bootstrap, Pipeline pipeline, int users) throws Exception {
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < users; i++) {
                DirectoryChange change = DirectoryChange.newBuilder().setChangeId("seed-" + i)
                        .setDirectoryId(pipeline.directoryId()).setSource(ChangeSource.SCIM)
                        .setReceivedAt(Instant.now())
                        .setPayload(CreateUser.newBuilder().setUserId(id(i)).setUser(UserAttributes.newBuilder()
                                .setUserName("user" + i + "@example.com").setDisplayName("User " + i).setActive(true)
                                .build()).setDocument("{\"userName\":\"user" + i + "@example.com\"}").build())
                        .build();
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, pipeline.directoryId(),
                        codec.encode(change)));
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        URI count = URI.create("http://localhost:" + pipeline.projectorPort() + "/query/directories/"
                + pipeline.directoryId() + "/users?count=0");
        while (!http.send(HttpRequest.newBuilder(count).build(), HttpResponse.BodyHandlers.ofString()).body()
                .contains("\"totalResults\":" + users + ",")) {
            LockSupport.parkNanos(200_000_000L);
        }
        System.out.printf("seeded %d users in %.1f s%n", users, (System.nanoTime() - start) / 1e9);
    }

    private static void run(Pipeline pipeline, int users) throws Exception {
        String small = group(pipeline, "small");
        String big = group(pipeline, "big");
        time(() -> pipeline.scim("PATCH", "/Groups/" + small, PATCH + add(0, 10) + "]}"));
        double[] adds = new double[3];
        double[] removes = new double[3];
        for (int round = 0; round < 3; round++) {
            adds[round] = time(() -> pipeline.scim("PATCH", "/Groups/" + big, PATCH + add(0, 10_000) + "]}"));
            removes[round] = time(() -> pipeline.scim("PATCH", "/Groups/" + big, PATCH
                    + "{\"op\":\"remove\",\"path\":\"members\",\"value\":[" + values(0, 10_000) + "]}]}"));
        }
        for (int from = 0; from + 10_000 <= Math.min(users, 100_000); from += 10_000) {
            int f = from;
            time(() -> pipeline.scim("PATCH", "/Groups/" + big, PATCH + add(f, f + 10_000) + "]}"));
        }
        // A one-member delta: what every change costs besides its members (HTTP, the log, the commit, the outcome).
        int[] flip = {0};
        double[] single = repeat(100, () -> pipeline.scim("PATCH", "/Groups/" + small, PATCH + (flip[0]++ % 2 == 0
                ? add(10, 11) : "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id(10) + "\\\"]\"}") + "]}"));
        double[] slimSmall = repeat(200, () -> pipeline.scim("GET", "/Groups/" + small + "?excludedAttributes=members", null));
        double[] slimBig = repeat(200, () -> pipeline.scim("GET", "/Groups/" + big + "?excludedAttributes=members", null));
        double[] full = repeat(3, () -> pipeline.scim("GET", "/Groups/" + big, null));
        Random random = new Random(7);
        Call lookup = () -> pipeline.scim("GET", "/Users?filter=" + URLEncoder.encode(
                "userName eq \"user" + random.nextInt(users) + "@example.com\"", StandardCharsets.UTF_8), null);
        // Warm-up: the first lookups pay for JIT compilation of the lookup path; the goal is about steady state.
        repeat(2000, lookup);
        double[] lookups = repeat(5000, lookup);
        // The same lookup split by hop, and the trivial endpoint, in the same run: where a slow lookup's time goes.
        HttpClient raw = HttpClient.newHttpClient();
        Call direct = () -> get(raw, "http://localhost:" + pipeline.projectorPort() + "/query/directories/"
                + pipeline.directoryId() + "/users/search?filter=" + URLEncoder.encode("userName eq \"user"
                + random.nextInt(users) + "@example.com\"", StandardCharsets.UTF_8));
        repeat(1000, direct);
        double[] directLookups = repeat(5000, direct);
        // Okta's import and test connection: pages of the whole directory, each with its total.
        double[] listPages = repeat(20, () -> pipeline.scim("GET", "/Users?startIndex=" + (1 + random.nextInt(users))
                + "&count=100", null));
        Call health = () -> get(raw, "http://localhost:" + pipeline.ingestPort() + "/health");
        repeat(1000, health);
        double[] trivial = repeat(5000, health);

        System.out.printf("%n%-58s %10s %10s %10s %10s%n", "scenario (" + users + " users)", "p50 ms", "p99 ms",
                "p99.9 ms", "max ms");
        row("PATCH add 10,000 members (goal < 1000 ms)", adds);
        row("PATCH remove 10,000 members (goal < 1000 ms)", removes);
        row("PATCH add or remove 1 member", single);
        row("GET group excludedAttributes=members, 10 members", slimSmall);
        row("GET group excludedAttributes=members, 100,000 members", slimBig);
        row("GET group with all 100,000 members", full);
        row("GET /Users?filter=userName eq (goal p99 < 10 ms)", lookups);
        row("  the same lookup on the projector's query API (no ingest)", directLookups);
        row("  GET /health of ingest (trivial endpoint)", trivial);
        row("GET /Users?startIndex=…&count=100 (an import page, with its total)", listPages);
    }

    private static Pipeline.Response get(HttpClient http, String uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Pipeline.Response(r.statusCode(), null);
    }

    private static String group(Pipeline pipeline, String name) throws Exception {
        Pipeline.Response r = pipeline.scim("POST", "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name
                        + "\",\"members\":[]}");
        if (r.status() != 201) {
            throw new IllegalStateException("group create answered " + r.status());
        }
        return r.body().path("id").asText();
    }

    private static String add(int from, int to) {
        return "{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values(from, to) + "]}";
    }

    private static String values(int from, int to) {
        StringJoiner out = new StringJoiner(",");
        for (int i = from; i < to; i++) {
            out.add("{\"value\":\"" + id(i) + "\"}");
        }
        return out.toString();
    }

    private static String id(int i) {
        return "bu-" + i;
    }

    private interface Call {
        Pipeline.Response call() throws Exception;
    }

    private static double time(Call call) throws Exception {
        long start = System.nanoTime();
        Pipeline.Response r = call.call();
        double ms = (System.nanoTime() - start) / 1e6;
        if (r.status() >= 300) {
            throw new IllegalStateException("answered " + r.status() + ": " + r.body());
        }
        return ms;
    }

    private static double[] repeat(int n, Call call) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(time(call));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void row(String name, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-58s %10.1f %10.1f %10.1f %10.1f%n", name, sorted[(int) (sorted.length * 0.5)],
                quantile(sorted, 0.99), quantile(sorted, 0.999), sorted[sorted.length - 1]);
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)];
    }
}
