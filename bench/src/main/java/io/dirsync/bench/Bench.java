package io.dirsync.bench;

import io.dirsync.kafkalocal.EmbeddedKafkaCluster;
import io.dirsync.projector.ProjectorConfig;
import io.dirsync.projector.StreamsFactory;
import io.dirsync.projector.lifecycle.GuardPolicy;
import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.GuardPolicies;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code dirsync bench}: puts each hot path next to raw Kafka on the same broker in the same run — SCIM writes
 * against the same server's trivial endpoint and Kafka's producer tool, the fold (EOS and at-least-once)
 * against Kafka's consumer tool, the leaver path against Kafka's end-to-end latency tool, the real replay
 * against a raw read, verified webhooks against the cost of their verification — and prints one table,
 * written with PNG charts to a results folder. A benchmark, never a test: nothing here asserts a number.
 */
public final class Bench {

    static final List<String> ALL = List.of("scim-write", "leaver-latency", "webhook", "fold", "replay");

    /** Run sizes: {@code small} finishes in a few minutes on 2 cores; {@code full} is issue #4's history. */
    enum Size {
        SMALL(20, 20, 15, 200_000, 20_000),
        FULL(60, 60, 30, 1_000_000, 100_000);

        final int scimSeconds;
        final int leaverSeconds;
        final int webhookSeconds;
        final int changes;
        final int users;

        Size(int scimSeconds, int leaverSeconds, int webhookSeconds, int changes, int users) {
            this.scimSeconds = scimSeconds;
            this.leaverSeconds = leaverSeconds;
            this.webhookSeconds = webhookSeconds;
            this.changes = changes;
            this.users = users;
        }
    }

    /** One line of the results table. */
    record Row(String scenario, String rate, String p50, String p99, String p999, String baseline, String baselineValue,
               String ratio, String goal, String met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Path out;
    private final int clients;
    private final Size size;
    private final int changes;
    private final int users;
    private double scimSaturation = Double.NaN;
    private int changeRecordSize = 600;
    private String foldApp;

    Bench(Path out, int clients, Size size, int changes, int users) {
        this.out = out;
        this.clients = clients;
        this.size = size;
        this.changes = changes;
        this.users = users;
    }

    public static void main(String[] args) throws Exception {
        List<String> scenarios = new ArrayList<>();
        String bootstrap = null;
        Size size = Size.SMALL;
        Path out = Path.of("results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int clients = 16;
        Integer changes = null;
        Integer users = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--size" -> size = Size.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                case "--out" -> out = Path.of(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--changes" -> changes = Integer.parseInt(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println(usage());
                    return;
                }
                default -> {
                    if (!ALL.contains(args[i])) {
                        System.err.println("dirsync bench: unknown scenario or option '" + args[i] + "'\n" + usage());
                        System.exit(2);
                    }
                    scenarios.add(args[i]);
                }
            }
        }
        // Live scenarios first (they need the services), then the offline ones once the services are gone.
        List<String> run = ALL.stream().filter(s -> scenarios.isEmpty() || scenarios.contains(s)).toList();
        Files.createDirectories(out);
        Bench bench = new Bench(out, clients, size, changes == null ? size.changes : changes,
                users == null ? size.users : users);
        EmbeddedKafkaCluster kafka = null;
        try {
            if (bootstrap == null) {
                kafka = EmbeddedKafkaCluster.builder().dataDir(out.resolve("kafka")).start();
                kafka.createDirsyncTopics(6);
                bootstrap = kafka.bootstrapServers();
            }
            bench.notes.add("load average at start: " + loadAverage() + "; cores: "
                    + Runtime.getRuntime().availableProcessors() + "; clients: " + clients + "; size: "
                    + size.name().toLowerCase(java.util.Locale.ROOT));
            bench.run(bootstrap, run);
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
        bench.report();
    }

    static String usage() {
        return """
                usage: dirsync bench [scenario...] [--bootstrap-servers <hosts>] [--size small|full] [--out <dir>]
                                     [--clients N] [--changes N] [--users N]
                  scenarios: scim-write leaver-latency webhook fold replay (default: all)
                  Starts its own embedded broker unless --bootstrap-servers (then it writes to that cluster's
                  dirsync topics: use a throwaway one). Prints a table; writes results.md and PNG charts to
                  --out (default results/<timestamp>). small: ~20 s per live phase, 200k changes for fold/replay;
                  full: 60 s phases, 1,000,000 changes over 100,000 users.""";
    }

    void run(String bootstrap, List<String> scenarios) throws Exception {
        boolean live = scenarios.stream().anyMatch(s -> List.of("scim-write", "leaver-latency", "webhook").contains(s));
        if (live) {
            List<String> directories = List.of("bench-a", "bench-b", "bench-c", "bench-d");
            // The guard would hold a leaver load of this size: benchmarks measure the unguarded path.
            try (Stack stack = Stack.start(bootstrap, Stack.Jars.locate(), out, directories, 1,
                    Map.of("DIRSYNC_GUARD_ENABLED", "false"))) {
                ConcurrentLinkedQueue<String[]> activeUsers = new ConcurrentLinkedQueue<>();
                if (scenarios.contains("scim-write") || scenarios.contains("leaver-latency")) {
                    guarded("scim-write", () -> scimWrite(bootstrap, stack, directories, activeUsers,
                            scenarios.contains("scim-write")));
                }
                if (scenarios.contains("leaver-latency")) {
                    guarded("leaver-latency", () -> leaverLatency(bootstrap, stack, directories, activeUsers));
                }
                if (scenarios.contains("webhook")) {
                    guarded("webhook", () -> webhook(stack));
                }
            }
        }
        if (scenarios.contains("fold")) {
            guarded("fold", () -> fold(bootstrap));
        }
        if (scenarios.contains("replay")) {
            guarded("replay", () -> replay(bootstrap, !scenarios.contains("fold")));
        }
    }

    private interface Scenario {
        void run() throws Exception;
    }

    /** A failing scenario is reported in the notes; the others still run and the table is still written. */
    private void guarded(String name, Scenario scenario) {
        try {
            scenario.run();
        } catch (Exception e) {
            notes.add(name + " FAILED: " + e.toString().lines().findFirst().orElse(""));
            e.printStackTrace();
        }
    }

    // ---- scim-write -------------------------------------------------------------------------------------

    private void scimWrite(String bootstrap, Stack stack, List<String> directories,
                           ConcurrentLinkedQueue<String[]> activeUsers, boolean report) throws Exception {
        Http http = new Http(stack.ingestUrl());
        String run = Long.toString(System.nanoTime(), 36);
        // userNames from one sequence over every phase: the phases number their operations from 0 each.
        AtomicLong names = new AtomicLong();
        Failures failures = new Failures();
        // Each client alternates: create a user, then PATCH (a mover: title change) the user it just created.
        String[][] pending = new String[clients][];
        Load.Op write = (client, n, due) -> {
            String dir = directories.get(client % directories.size());
            if (pending[client] == null) {
                String userName = "w" + run + "-" + names.incrementAndGet() + "@bench.example";
                Http.Response r = http.scim(stack.token(dir), "POST", "/Users", Http.createUser(userName, true, "T0"));
                if (r.status() != 201) {
                    failures.add("POST", r);
                    return false;
                }
                pending[client] = new String[] {dir, r.json().path("id").asText()};
                return true;
            }
            String[] user = pending[client];
            pending[client] = null;
            Http.Response r = http.scim(stack.token(user[0]), "PATCH", "/Users/" + user[1], Http.patchTitle("T" + n));
            if (r.ok()) {
                activeUsers.add(user);
            } else {
                failures.add("PATCH", r);
            }
            return r.ok();
        };
        Load.Op health = (client, n, due) -> http.health().status() == 200;
        Duration phase = Duration.ofSeconds(size.scimSeconds);
        // Warm-up (JIT, connections, first transactions); not reported.
        Load.closedLoop("warm-up", clients, Duration.ofSeconds(5), Long.MAX_VALUE, write);
        Load.closedLoop("warm-up", clients, Duration.ofSeconds(3), Long.MAX_VALUE, health);
        failures.clear();
        Load.Result scimMax = Load.closedLoop("SCIM writes, closed loop", clients, phase, Long.MAX_VALUE, write);
        Load.Result healthMax = Load.closedLoop("GET /health, closed loop", clients, phase, Long.MAX_VALUE, health);
        scimSaturation = scimMax.rate();
        if (!report) {
            return;
        }
        double openRate = Math.max(1, 0.7 * scimSaturation);
        Load.Result scimOpen = Load.openLoop("SCIM writes @" + (int) openRate + "/s", clients, openRate, phase, write);
        Load.Result healthOpen = Load.openLoop("GET /health @" + (int) openRate + "/s", clients, openRate, phase, health);
        changeRecordSize = meanRecordSize(bootstrap);
        String perfTopic = "bench.producer-perf";
        createTopic(bootstrap, perfTopic, 6);
        long perfRecords = Math.max(50_000, (long) (scimSaturation * 200));
        KafkaTools.ProducerStats perf = KafkaTools.producerPerformance(bootstrap, perfTopic, perfRecords,
                changeRecordSize);

        rows.add(new Row("scim-write saturation (" + clients + " clients, POST+PATCH, 2xx after acks=all)",
                rate(scimMax.rate()), ms(scimMax.p(50)), ms(scimMax.p(99)), ms(scimMax.p(99.9)),
                "GET /health, same clients", rate(healthMax.rate()), ratio(scimMax.rate() / healthMax.rate()),
                ">= 0.5x", met(scimMax.rate() / healthMax.rate() >= 0.5)));
        rows.add(new Row("scim-write open loop @ 70% saturation (CO-corrected)", rate(scimOpen.rate()),
                ms(scimOpen.p(50)), ms(scimOpen.p(99)), ms(scimOpen.p(99.9)), "GET /health same schedule, p99",
                ms(healthOpen.p(99)), "", "", ""));
        rows.add(new Row("scim-write vs Kafka producer tool", rate(scimMax.rate()), "", "", "",
                "ProducerPerformance " + changeRecordSize + " B acks=all", rate(perf.recordsPerSecond())
                        + " (p99 " + ms(perf.p99()) + ")", ratio(scimMax.rate() / perf.recordsPerSecond()), "", ""));
        notes.add("scim-write: " + scimMax.failed() + " failed writes in the closed loop, " + scimOpen.failed()
                + " in the open loop" + failures.describe() + "; closed-loop latencies are service times, open-loop"
                + " ones count from the intended send time.");
        Charts.latency(out.resolve("scim-write-latency.png"), "SCIM write latency (open loop, CO-corrected)",
                List.of(new Charts.Latency(scimOpen.name(), scimOpen.latencyMicros()),
                        new Charts.Latency(healthOpen.name(), healthOpen.latencyMicros())));
        Charts.throughput(out.resolve("scim-write-throughput.png"), "SCIM writes vs /health (closed loop)",
                List.of(new Charts.Throughput(scimMax.name(), scimMax.perSecond()),
                        new Charts.Throughput(healthMax.name(), healthMax.perSecond())));
    }

    private int meanRecordSize(String bootstrap) {
        long[] sum = new long[2];
        LogReader.forEach(bootstrap, Topics.DIRECTORY_CHANGES, r -> {
            sum[0] += r.value().length + (r.key() == null ? 0 : r.key().length());
            sum[1]++;
        });
        return sum[1] == 0 ? 600 : (int) (sum[0] / sum[1]);
    }

    // ---- leaver-latency ---------------------------------------------------------------------------------

    private void leaverLatency(String bootstrap, Stack stack, List<String> directories,
                               ConcurrentLinkedQueue<String[]> activeUsers) throws Exception {
        Http http = new Http(stack.ingestUrl());
        double rate = Math.max(1, 0.5 * scimSaturation);
        int needed = (int) Math.ceil(rate * size.leaverSeconds) + clients;
        String run = Long.toString(System.nanoTime(), 36);
        // Enough active users to deactivate, created beforehand (not measured).
        Load.closedLoop("leaver set-up", clients, Duration.ofMinutes(10), Math.max(0, needed - activeUsers.size()),
                (client, n, due) -> {
                    String dir = directories.get((int) (n % directories.size()));
                    Http.Response r = http.scim(stack.token(dir), "POST", "/Users",
                            Http.createUser("l" + run + "-" + n + "@bench.example", true, "T"));
                    if (r.status() == 201) {
                        activeUsers.add(new String[] {dir, r.json().path("id").asText()});
                    }
                    return r.status() == 201;
                });
        Map<String, Long> intendedAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Failures failures = new Failures();
        CountDownLatch watching = new CountDownLatch(1);
        Thread watcher = new Thread(() -> watchDeprovisions(bootstrap, seenAt, stop, watching), "deprovision-watcher");
        watcher.start();
        // The watcher reads from the end as of now: no PATCH may go out before that end is pinned.
        if (!watching.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the DEPROVISION watcher did not start");
        }
        Load.Result patches;
        try {
            patches = Load.openLoop("PATCH active=false @" + (int) rate + "/s", clients, rate,
                    Duration.ofSeconds(size.leaverSeconds), (client, n, due) -> {
                        String[] user = activeUsers.poll();
                        if (user == null) {
                            return false;
                        }
                        // Latency counts from the slot's due time, not the actual send (CO correction).
                        intendedAt.put(user[0] + "/" + user[1], due);
                        Http.Response r = http.scim(stack.token(user[0]), "PATCH", "/Users/" + user[1],
                                Http.PATCH_INACTIVE);
                        if (!r.ok()) {
                            failures.add("PATCH", r);
                        }
                        return r.ok();
                    });
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> seenAt.keySet().containsAll(intendedAt.keySet()));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                notes.add("leaver-latency: not every DEPROVISION was readable within 30 s of the last PATCH");
            }
        } finally {
            stop.set(true);
            watcher.join();
        }
        Histogram leaver = new Histogram(3);
        intendedAt.forEach((k, sent) -> {
            Long seen = seenAt.get(k);
            if (seen != null) {
                leaver.recordValue(Math.max(1, (seen - sent) / 1000));
            }
        });
        String e2eTopic = "bench.e2e-latency";
        createTopic(bootstrap, e2eTopic, 1);
        KafkaTools.LatencyStats e2e = KafkaTools.endToEndLatency(bootstrap, e2eTopic, 2_000, changeRecordSize);
        double p99 = leaver.getValueAtPercentile(99) / 1000.0;
        double p999 = leaver.getValueAtPercentile(99.9) / 1000.0;
        rows.add(new Row("leaver-latency: PATCH active=false -> DEPROVISION read_committed @ " + (int) rate + "/s",
                rate(patches.rate()), ms(leaver.getValueAtPercentile(50) / 1000.0), ms(p99), ms(p999),
                "EndToEndLatency acks=all, p50/p99/p99.9",
                ms(e2e.p50()) + " / " + ms(e2e.p99()) + " / " + ms(e2e.p999()), ratio(p99 / Math.max(0.001, e2e.p99())),
                "p99 <= 150 ms, p99.9 <= 500 ms", met(p99 <= 150 && p999 <= 500)));
        notes.add("leaver-latency: " + leaver.getTotalCount() + " of " + intendedAt.size()
                + " DEPROVISIONs seen, " + patches.failed() + " PATCHes failed" + failures.describe()
                + "; latency counts from each open-loop slot's due time (CO-corrected).");
        Charts.latency(out.resolve("leaver-latency.png"), "Leaver: PATCH active=false -> DEPROVISION readable",
                List.of(new Charts.Latency("leaver (ms)", leaver)));
        Charts.throughput(out.resolve("leaver-throughput.png"), "Leaver PATCHes completed per second",
                List.of(new Charts.Throughput(patches.name(), patches.perSecond())));
    }

    private static void watchDeprovisions(String bootstrap, Map<String, Long> seen, AtomicBoolean stop,
                                          CountDownLatch watching) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroCodec<AccessCommand> codec = AvroCodec.of(AccessCommand.class);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.ACCESS_COMMANDS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            watching.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    if (codec.decode(r.value()).getType() == AccessCommandType.DEPROVISION) {
                        seen.putIfAbsent(r.key(), System.nanoTime());
                    }
                }
            }
        }
    }

    // ---- webhook ----------------------------------------------------------------------------------------

    private void webhook(Stack stack) throws Exception {
        Http http = new Http(stack.ingestUrl());
        String run = Long.toString(System.nanoTime(), 36);
        Load.Op deliver = (client, n, due) -> {
            byte[] body = Http.workosUserCreated("event_" + run + "_" + n, "directory_bench_" + (client % 4),
                    "directory_user_" + run + "_" + n, "wh" + run + n + "@bench.example");
            return http.webhook(Stack.WEBHOOK_ENV, body, Http.sign(body, stack.webhookSecret(), Instant.now())).ok();
        };
        Load.closedLoop("warm-up", clients, Duration.ofSeconds(3), Long.MAX_VALUE, deliver);
        Load.Result verified = Load.closedLoop("verified deliveries", clients,
                Duration.ofSeconds(size.webhookSeconds), Long.MAX_VALUE, deliver);
        // ingest has no unverified mode: measure the verification itself, with ingest's own class, on a
        // delivery of the same size, and relate it to the CPU time one delivery gets on this machine.
        byte[] body = Http.workosUserCreated("event_x", "directory_bench_0", "directory_user_x", "x@bench.example");
        double verifyMicros = verifyMicros(Stack.Jars.locate().ingest(), body, stack.webhookSecret());
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuPerDeliveryMicros = 1e6 * cores / Math.max(1, verified.rate());
        double overhead = verifyMicros / cpuPerDeliveryMicros;
        rows.add(new Row("webhook: verified WorkOS deliveries (" + clients + " clients)", rate(verified.rate()),
                ms(verified.p(50)), ms(verified.p(99)), ms(verified.p(99.9)),
                "no unverified mode: est. rate without the check", rate(verified.rate() / (1 - overhead)),
                String.format("%.2f%% overhead", 100 * overhead), "<= 5% overhead", met(overhead <= 0.05)));
        notes.add(String.format("webhook: ingest has no endpoint mode without verification, so the baseline is an"
                + " estimate — WebhookSignature.verify costs %.1f µs per delivery (microbenchmark, ingest's class,"
                + " same body), against %.0f µs of machine CPU per delivery (%d cores / rate). %d deliveries failed.",
                verifyMicros, cpuPerDeliveryMicros, cores, verified.failed()));
        Charts.latency(out.resolve("webhook-latency.png"), "WorkOS webhook delivery latency (closed loop)",
                List.of(new Charts.Latency(verified.name(), verified.latencyMicros())));
        Charts.throughput(out.resolve("webhook-throughput.png"), "Verified WorkOS deliveries per second",
                List.of(new Charts.Throughput(verified.name(), verified.perSecond())));
    }

    static double verifyMicros(Path ingestJar, byte[] body, String secret) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {ingestJar.toUri().toURL()}, null)) {
            Class<?> secretType = loader.loadClass("io.dirsync.ingest.workos.Secret");
            Class<?> signature = loader.loadClass("io.dirsync.ingest.workos.WebhookSignature");
            Object key = secretType.getMethod("of", String.class).invoke(null, secret);
            Method verify = signature.getMethod("verify", String.class, byte[].class, List.class, Instant.class,
                    Duration.class);
            String header = Http.sign(body, secret, Instant.now());
            List<Object> secrets = List.of(key);
            Duration tolerance = Duration.ofMinutes(3);
            int rounds = 20_000;
            for (int i = 0; i < rounds; i++) {
                verify.invoke(null, header, body, secrets, Instant.now(), tolerance);
            }
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                if (!(Boolean) verify.invoke(null, header, body, secrets, Instant.now(), tolerance)) {
                    throw new IllegalStateException("our signature did not verify");
                }
            }
            return (System.nanoTime() - start) / 1000.0 / rounds;
        }
    }

    // ---- fold -------------------------------------------------------------------------------------------

    private void fold(String bootstrap) throws Exception {
        new History("f" + Long.toString(System.nanoTime(), 36) + "-", users, 60, 42).write(bootstrap, changes);
        long total = LogReader.endOffsets(bootstrap, Topics.DIRECTORY_CHANGES);
        double raw = KafkaTools.consumerPerformance(bootstrap, Topics.DIRECTORY_CHANGES, total);
        List<long[]> series = new ArrayList<>();
        foldApp = "bench-fold-eos-" + System.nanoTime();
        double eos = foldRate(bootstrap, foldApp, total, StreamsConfig.EXACTLY_ONCE_V2, series);
        double alo = foldRate(bootstrap, "bench-fold-alo-" + System.nanoTime(), total, StreamsConfig.AT_LEAST_ONCE,
                series);
        // What Kafka Streams itself reaches on the same log with the projector's settings: the fold's real ceiling.
        createTopic(bootstrap, StreamsCeiling.OUTPUT_TOPIC, 6);
        AtomicLong read = new AtomicLong();
        double streamsRead = streamsRate(bootstrap, "bench-ceiling-read-" + System.nanoTime(), total,
                StreamsConfig.EXACTLY_ONCE_V2, StreamsCeiling.readOnly(read), read::get, new ArrayList<>());
        AtomicLong minimal = new AtomicLong();
        double streamsMinimal = streamsRate(bootstrap, "bench-ceiling-fold-" + System.nanoTime(), total,
                StreamsConfig.EXACTLY_ONCE_V2, StreamsCeiling.minimalFold(minimal), minimal::get, new ArrayList<>());
        rows.add(new Row("fold exactly_once_v2 (" + total + " changes)", rate(eos), "", "", "",
                "ConsumerPerformance, same topic", rate(raw), ratio(eos / raw), ">= 0.5x raw", met(eos / raw >= 0.5)));
        rows.add(new Row("fold at_least_once", rate(alo), "", "", "", "fold EOS / ALO", "",
                ratio(eos / alo), "EOS >= 0.8x ALO", met(eos / alo >= 0.8)));
        rows.add(new Row("Kafka Streams reading only (EOS, same settings)", rate(streamsRead), "", "", "",
                "ConsumerPerformance", rate(raw), ratio(streamsRead / raw), "", ""));
        rows.add(new Row("Kafka Streams minimal fold: 1 put + 1 output (EOS)", rate(streamsMinimal), "", "", "",
                "fold EOS / minimal fold", "", ratio(eos / streamsMinimal), "", ""));
        notes.add(String.format("fold: Kafka Streams alone reaches %.2fx the raw read when it only reads, %.2fx with"
                + " one store write and one output per change; the projector writes its state, the state's changelog,"
                + " the user's state topic and an event (and most often a command) per change.",
                streamsRead / raw, streamsMinimal / raw));
        Charts.throughput(out.resolve("fold-throughput.png"), "Fold: changes folded per second",
                List.of(new Charts.Throughput("exactly_once_v2", series.get(0)),
                        new Charts.Throughput("at_least_once", series.get(1))));
    }

    private static double foldRate(String bootstrap, String app, long expected, String guarantee,
                                   List<long[]> series) throws Exception {
        FoldMetrics metrics = new FoldMetrics();
        return streamsRate(bootstrap, app, expected, guarantee, ProjectorTopology.build(metrics, ReplayMarks.none(),
                new GuardPolicies(GuardPolicy.OFF, Map.of())), metrics::foldedCount, series);
    }

    /** Runs {@code topology} over the change log until its group committed {@code expected} offsets; records/s. */
    private static double streamsRate(String bootstrap, String app, long expected, String guarantee,
                                      Topology topology, LongSupplier progress, List<long[]> series) throws Exception {
        Path state = Files.createTempDirectory("bench-fold");
        ProjectorConfig config = new ProjectorConfig(app, bootstrap, state.toString(), 20, null, 1,
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee));
        KafkaStreams streams = new KafkaStreams(topology,
                StreamsFactory.streamsProperties(config, new HostInfo("localhost", 0)));
        List<Long> perSecond = new ArrayList<>();
        long start = System.nanoTime();
        streams.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long last = 0;
            long nextTick = start + 1_000_000_000L;
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
                long done = committed.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(Topics.DIRECTORY_CHANGES))
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (done >= expected) {
                    break;
                }
                if (streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException(app + " failed");
                }
                if (System.nanoTime() >= nextTick) {
                    long now = progress.getAsLong();
                    perSecond.add(now - last);
                    last = now;
                    nextTick += 1_000_000_000L;
                }
                // Progress polling interval of the measurement, not synchronisation.
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        series.add(perSecond.stream().mapToLong(Long::longValue).toArray());
        return expected / ((System.nanoTime() - start) / 1e9);
    }

    // ---- replay -----------------------------------------------------------------------------------------

    private void replay(String bootstrap, boolean generate) throws Exception {
        if (generate) {
            new History("r" + Long.toString(System.nanoTime(), 36) + "-", users, 60, 43).write(bootstrap, changes);
        }
        long total = LogReader.endOffsets(bootstrap, Topics.DIRECTORY_CHANGES);
        long t0 = System.nanoTime();
        long read = LogReader.forEach(bootstrap, Topics.DIRECTORY_CHANGES, r -> { });
        double rawSeconds = (System.nanoTime() - t0) / 1e9;
        String app = foldApp != null ? foldApp : "bench-replay-" + System.nanoTime();
        Path state = Files.createTempDirectory("bench-replay");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ReplayProcess.class.getName(), bootstrap, app, state.toString(), "20")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String result = null;
        Path log = out.resolve("replay.log");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var writer = Files.newBufferedWriter(log)) {
            String line;
            while ((line = reader.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the replay failed; see " + log);
        }
        Map<String, Long> values = new java.util.HashMap<>();
        for (String kv : result.substring(7).split(" ")) {
            String[] parts = kv.split("=");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        double replaySeconds = values.get("millis") / 1000.0;
        double timeRatio = replaySeconds / rawSeconds;
        rows.add(new Row("replay (real Replay: reset + refold, " + total + " changes)",
                rate(total / replaySeconds), "", "", "", "raw read_committed read, same topic",
                rate(read / rawSeconds), String.format("%.1fx the time", timeRatio), "<= 2x raw read time",
                met(timeRatio <= 2)));
        notes.add(String.format("replay: %.1f s in all (fold alone %.1f s), raw read %.1f s; projector (replay JVM,"
                        + " -Xmx512m) peak heap %d MiB; application %s.", replaySeconds,
                values.get("foldMillis") / 1000.0, rawSeconds, values.get("peakHeapBytes") >> 20,
                foldApp != null ? "re-folded after the fold scenario" : "fresh"));
    }

    // ---- output -----------------------------------------------------------------------------------------

    private void report() throws Exception {
        notes.add("load average at end: " + loadAverage());
        String[] head = {"scenario", "rate/s", "p50 ms", "p99 ms", "p99.9 ms", "baseline", "baseline value", "ratio",
            "goal", "met?"};
        StringBuilder md = new StringBuilder("# dirsync bench " + Instant.now() + "\n\n|");
        for (String h : head) {
            md.append(' ').append(h).append(" |");
        }
        md.append("\n|").append("---|".repeat(head.length)).append('\n');
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", r.scenario(), r.rate(), r.p50(), r.p99(), r.p999(),
                    r.baseline(), r.baselineValue(), r.ratio(), r.goal(), r.met())).append(" |\n");
        }
        md.append('\n');
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        try (var files = Files.list(out)) {
            files.filter(f -> f.toString().endsWith(".png")).sorted()
                    .forEach(f -> md.append("\n![").append(f.getFileName()).append("](").append(f.getFileName())
                            .append(")\n"));
        }
        Files.writeString(out.resolve("results.md"), md);
        System.out.println();
        String format = "%-72s %10s %8s %8s %8s  %-44s %-22s %-14s %-30s %s%n";
        System.out.printf(format, (Object[]) head);
        for (Row r : rows) {
            System.out.printf(format, r.scenario(), r.rate(), r.p50(), r.p99(), r.p999(), r.baseline(),
                    r.baselineValue(), r.ratio(), r.goal(), r.met());
        }
        System.out.println();
        notes.forEach(n -> System.out.println("- " + n));
        System.out.println("\nresults: " + out.resolve("results.md").toAbsolutePath());
    }

    private static void createTopic(String bootstrap, String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(name)) {
                int brokers = admin.describeCluster().nodes().get().size();
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) Math.min(3, brokers)))).all().get();
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
        }
    }

    private static String rate(double r) {
        return Double.isNaN(r) ? "" : String.format("%,.0f", r);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "" : String.format(v < 10 ? "%.2f" : "%.0f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format("%.2fx", v);
    }

    private static String met(boolean b) {
        return b ? "yes" : "NO";
    }

    /** Why operations failed, by request and status (or exception), for the notes: a failure is a finding. */
    private static final class Failures {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(String request, Http.Response response) {
            counts.computeIfAbsent(request + " " + response.status(), k -> new LongAdder())
                    .increment();
        }

        void clear() {
            counts.clear();
        }

        String describe() {
            if (counts.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder(" (");
            new TreeMap<>(counts).forEach((k, v) -> out.append(out.length() > 2 ? ", " : "")
                    .append(k).append(" x").append(v.sum()));
            return out.append(')').toString();
        }
    }
}
