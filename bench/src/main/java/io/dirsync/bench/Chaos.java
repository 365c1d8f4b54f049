package io.dirsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.kafkalocal.EmbeddedKafkaCluster;
import io.dirsync.projector.lifecycle.Command;
import io.dirsync.projector.lifecycle.GuardPolicy;
import io.dirsync.projector.lifecycle.User;
import io.dirsync.projector.topology.AvroMapping;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.OutcomeStatus;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserLifecycle;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * {@code dirsync chaos}: the fault suite on a 3-broker embedded cluster (RF 3, min ISR 2) with two projector
 * instances and an ingest as child processes. It kills projectors and ingest with SIGKILL under load, stops a
 * broker under load, sends hostile SCIM and webhook traffic across three tenants, then scans logs, topics and
 * state stores for the run's secrets. Every check compares what Kafka holds (read_committed) with what the
 * generators logged and with a reference fold of the change log through the pure core. Any lost, duplicated,
 * wrongly accepted or otherwise wrong item makes the run fail.
 */
public final class Chaos {

    /** The scenarios, by the names {@code --only} takes, in the order they run. */
    public static final List<String> SCENARIOS = List.of("projector-kill", "ingest-kill", "hostile", "broker-loss",
            "secrets");

    /**
     * How hard to push: the full suite, or the short CI variant; {@code scenarios} is the subset of
     * {@link #SCENARIOS} to run (empty: all).
     */
    public record Options(int projectorKills, Duration killEvery, int ingestKills, Duration ingestKillEvery,
                          int loadPerSecond, int hostileOps, int webhookDeliveries, Path work, Set<String> scenarios) {
        public static Options full(Path work) {
            return new Options(5, Duration.ofSeconds(20), 5, Duration.ofSeconds(10), 300, 100_000, 10_000, work,
                    Set.of());
        }

        public static Options ci(Path work) {
            return new Options(2, Duration.ofSeconds(6), 2, Duration.ofSeconds(5), 200, 2_000, 1_000, work, Set.of());
        }

        public Options only(Set<String> names) {
            return new Options(projectorKills, killEvery, ingestKills, ingestKillEvery, loadPerSecond, hostileOps,
                    webhookDeliveries, work, Set.copyOf(names));
        }

        boolean runs(String scenario) {
            return scenarios.isEmpty() || scenarios.contains(scenario);
        }
    }

    /** One line of the summary. */
    public record Outcome(String scenario, long operations, long faults, long lost, long duplicated,
                          long wronglyAccepted, long otherViolations, String detail) {
        public boolean failed() {
            return lost + duplicated + wronglyAccepted + otherViolations > 0;
        }
    }

    private static final AvroCodec<DirectoryChange> CHANGES = AvroCodec.of(DirectoryChange.class);
    private static final AvroCodec<AccessCommand> COMMANDS = AvroCodec.of(AccessCommand.class);
    private static final AvroCodec<UserLifecycle> LIFECYCLE = AvroCodec.of(UserLifecycle.class);
    private static final AvroCodec<ChangeOutcome> OUTCOMES = AvroCodec.of(ChangeOutcome.class);
    private static final List<String> TENANTS = List.of("tenant-a", "tenant-b", "tenant-c");

    private final Options options;
    private final List<Outcome> outcomes = new ArrayList<>();

    public Chaos(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        boolean shortRun = false;
        Set<String> only = new HashSet<>();
        Path work = Path.of("results", "chaos-" + System.currentTimeMillis());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--short" -> shortRun = true;
                case "--out" -> work = Path.of(args[++i]);
                case "--only" -> {
                    for (String name : args[++i].split(",")) {
                        if (!SCENARIOS.contains(name.trim())) {
                            System.err.println("dirsync chaos: unknown scenario " + name + " (" + SCENARIOS + ")");
                            System.exit(2);
                        }
                        only.add(name.trim());
                    }
                }
                case "-h", "--help" -> {
                    System.out.println("usage: dirsync chaos [--short] [--only <scenario,...>] [--out <dir>]\n"
                            + "  the fault suite (see README); --short is the CI variant; --only runs some of "
                            + String.join(", ", SCENARIOS) + ".\n  Exits 1 on anything lost, duplicated or wrongly"
                            + " accepted.");
                    return;
                }
                default -> {
                    System.err.println("dirsync chaos: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        List<Outcome> outcomes = new Chaos((shortRun ? Options.ci(work) : Options.full(work)).only(only)).run();
        System.exit(outcomes.stream().anyMatch(Outcome::failed) ? 1 : 0);
    }

    /** Runs the selected scenarios, prints the summary table and returns it. */
    public List<Outcome> run() throws Exception {
        Files.createDirectories(options.work());
        long begin = System.nanoTime();
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3)
                .dataDir(options.work().resolve("kafka")).start()) {
            kafka.createDirsyncTopics(6);
            String bootstrap = kafka.bootstrapServers();
            Stack stack = phase("start 3 brokers, 2 projectors, ingest", () -> Stack.start(bootstrap,
                    Stack.Jars.locate(), options.work(), TENANTS, 2, Map.of("DIRSYNC_GUARD_ENABLED", "false")));
            try {
                if (options.runs("projector-kill")) {
                    phase("projector-kill", () -> projectorKills(kafka, stack));
                }
                if (options.runs("ingest-kill")) {
                    phase("ingest-kill", () -> ingestKills(bootstrap, stack));
                }
                if (options.runs("hostile")) {
                    phase("hostile", () -> hostileInput(bootstrap, stack));
                }
                if (options.runs("broker-loss")) {
                    phase("broker-loss", () -> brokerLoss(kafka, stack));
                }
            } finally {
                stack.close();
            }
            if (options.runs("secrets")) {
                phase("secrets", () -> secrets(bootstrap, stack));
            }
        }
        System.out.printf("chaos: done in %d s%n", (System.nanoTime() - begin) / 1_000_000_000L);
        print();
        return outcomes;
    }

    private interface VoidStep {
        void run() throws Exception;
    }

    /** Progress for a long run: each phase says when it starts and how long it took. */
    private static <T> T phase(String name, Callable<T> step) throws Exception {
        System.out.println("chaos: " + name + " ...");
        long start = System.nanoTime();
        T result = step.call();
        System.out.printf("chaos: %s took %d s%n", name, (System.nanoTime() - start) / 1_000_000_000L);
        return result;
    }

    private static void phase(String name, VoidStep step) throws Exception {
        phase(name, (Callable<Void>) () -> {
            step.run();
            return null;
        });
    }

    // ---- 1 + 2: projector kill -9 and broker loss under one load ------------------------------------------

    /**
     * One of the 3 brokers stops under a change load while both projectors fold, and comes back. Every
     * acknowledged write must be in the log once, and the fold over the whole log must still equal the reference
     * (the projectors' exactly_once_v2 producers and their transaction coordinator move with the leaders).
     */
    private void brokerLoss(EmbeddedKafkaCluster kafka, Stack stack) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicLong sendFailures = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        History history = new History("b-", 2_000, 20, 5);
        Thread load = new Thread(() -> produce(bootstrap, history, acked, sendFailures, sent, stop), "broker-load");
        load.start();
        try {
            pace(options.killEvery().dividedBy(2));
            kafka.stopBroker(1);
            pace(options.killEvery().dividedBy(2));
            kafka.startBroker(1);
            pace(options.killEvery().dividedBy(2));
        } finally {
            stop.set(true);
            load.join();
        }
        long catchUp = System.nanoTime();
        phase("broker-loss: catch up after the load", () -> awaitFolded(bootstrap, stack.applicationId()));
        long catchUpSeconds = (System.nanoTime() - catchUp) / 1_000_000_000L;
        Map<String, Integer> seen = new HashMap<>();
        LogReader.forEach(bootstrap, Topics.DIRECTORY_CHANGES, r -> {
            String id = CHANGES.decode(r.value()).getChangeId();
            if (id.startsWith("b-")) {
                seen.merge(id, 1, Integer::sum);
            }
        });
        long lostWrites = acked.stream().filter(id -> !seen.containsKey(id)).count();
        long dupWrites = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        FoldCheck fold = checkFold(bootstrap);
        outcomes.add(new Outcome("broker loss (1 of 3 stopped under load, restarted)", sent.get(), 1,
                lostWrites + fold.lost(), dupWrites + fold.duplicated(), fold.unexpected(), fold.wrong(),
                acked.size() + " acknowledged writes, " + sendFailures.get()
                + " sends failed (not acknowledged, allowed); folded " + catchUpSeconds + " s after the load; "
                + fold.describe()));
    }

    private void projectorKills(EmbeddedKafkaCluster kafka, Stack stack) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicLong sendFailures = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        History history = new History("k-", 3_000, 40, 7);
        Thread load = new Thread(() -> produce(bootstrap, history, acked, sendFailures, sent, stop), "change-load");
        load.start();
        try {
            for (int i = 0; i < options.projectorKills(); i++) {
                pace(options.killEvery());
                Service victim = stack.projectors().get(i % 2);
                victim.kill9();
                victim.restart();
            }
            pace(options.killEvery().dividedBy(2));
        } finally {
            stop.set(true);
            load.join();
        }
        phase("projector-kill: catch up after the load", () -> awaitFolded(bootstrap, stack.applicationId()));
        FoldCheck fold = checkFold(bootstrap);
        outcomes.add(new Outcome("projector kill -9 (2 instances, RF 3, min ISR 2)", fold.changes(),
                options.projectorKills(), fold.lost(), fold.duplicated(), fold.unexpected(), fold.wrong(),
                fold.describe()));
    }

    /** What the projectors committed, compared with a reference fold of the whole change log. */
    private record FoldCheck(long changes, long expectedDeprovisions, long lost, long duplicated, long unexpected,
                             long misordered, long stateMismatch) {
        long wrong() {
            return misordered + stateMismatch;
        }

        String describe() {
            return expectedDeprovisions + " DEPROVISIONs expected; " + misordered + " users whose command sequence"
                    + " differs; " + stateMismatch + " users whose final state differs from the reference fold";
        }
    }

    private static FoldCheck checkFold(String bootstrap) {
        List<DirectoryChange> log = new ArrayList<>();
        LogReader.forEach(bootstrap, Topics.DIRECTORY_CHANGES, r -> log.add(CHANGES.decode(r.value())));
        // The committed output must equal a reference fold of the log through the pure core.
        ReferenceFold reference = new ReferenceFold(GuardPolicy.OFF);
        log.forEach(reference::apply);
        Map<String, List<String>> actual = new HashMap<>();
        Map<String, Integer> deprovisions = new HashMap<>();
        LogReader.forEach(bootstrap, Topics.ACCESS_COMMANDS, r -> {
            AccessCommand c = COMMANDS.decode(r.value());
            actual.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(c.getCommandId());
            if (c.getType() == AccessCommandType.DEPROVISION) {
                deprovisions.merge(c.getCommandId(), 1, Integer::sum);
            }
        });
        long lost = 0;
        long duplicated = 0;
        long misordered = 0;
        long expectedDeprovisions = 0;
        Set<String> expectedIds = new HashSet<>();
        for (Map.Entry<String, List<Command>> e : reference.commands().entrySet()) {
            List<String> expected = e.getValue().stream().map(Command::commandId).toList();
            expectedIds.addAll(expected);
            for (Command c : e.getValue()) {
                if (c.type() == Command.Type.DEPROVISION) {
                    expectedDeprovisions++;
                    int n = deprovisions.getOrDefault(c.commandId(), 0);
                    lost += n == 0 ? 1 : 0;
                    duplicated += Math.max(0, n - 1);
                }
            }
            if (!expected.equals(actual.getOrDefault(e.getKey(), List.of()))) {
                misordered++;
            }
        }
        // A DEPROVISION the reference never produced is wrongly emitted access removal.
        long unexpected = deprovisions.keySet().stream().filter(id -> !expectedIds.contains(id)).count();
        Map<String, UserLifecycle> state = latestState(bootstrap);
        long stateMismatch = 0;
        for (Map.Entry<String, User> e : reference.users().entrySet()) {
            if (!AvroMapping.toAvro(e.getValue()).equals(state.get(e.getKey()))) {
                stateMismatch++;
            }
        }
        return new FoldCheck(log.size(), expectedDeprovisions, lost, duplicated, unexpected, misordered,
                stateMismatch);
    }

    private void produce(String bootstrap, History history, Set<String> acked, AtomicLong failures,
                                AtomicLong sent, AtomicBoolean stop) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long n = 0; !stop.get(); n++) {
                // Pacing of the load, not synchronisation.
                long due = start + n * 1_000_000_000L / options.loadPerSecond();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                DirectoryChange change = history.next();
                String id = change.getChangeId();
                sent.incrementAndGet();
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, change.getDirectoryId(),
                        CHANGES.encode(change)), (md, e) -> {
                            if (e == null) {
                                acked.add(id);
                            } else {
                                failures.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
    }

    // ---- 3: ingest kill -9 ---------------------------------------------------------------------------------

    private void ingestKills(String bootstrap, Stack stack) throws Exception {
        String tenant = TENANTS.get(0);
        Http http = new Http(stack.ingestUrl());
        Set<String> sentNames = ConcurrentHashMap.newKeySet();
        Map<String, String> answered = new ConcurrentHashMap<>();
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong next = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    String userName = "ik-" + next.getAndIncrement() + "@chaos.example";
                    sentNames.add(userName);
                    Http.Response r = http.scim(stack.token(tenant), "POST", "/Users",
                            Http.createUser(userName, true, "T"));
                    if (r.status() == 201) {
                        answered.put(userName, r.json().path("id").asText());
                    } else {
                        unanswered.add(userName);
                        if (r.status() == 0) {
                            // Ingest is down: back off briefly instead of spinning on refused connections.
                            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                        }
                    }
                }
            }, "scim-client-" + c);
            t.start();
            clients.add(t);
        }
        try {
            for (int i = 0; i < options.ingestKills(); i++) {
                pace(options.ingestKillEvery());
                stack.ingest().kill9();
                stack.ingest().restart();
            }
            pace(options.ingestKillEvery().dividedBy(2));
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }
        }
        // Entra-style: a create whose response was lost is POSTed again; the answer must lead to the user
        // (201, or 409 and then the user found by userName), never a 409 loop without a user behind it.
        long lostRetry = 0;
        for (String userName : unanswered) {
            Http.Response r = http.scim(stack.token(tenant), "POST", "/Users", Http.createUser(userName, true, "T"));
            if (r.status() == 201) {
                answered.put(userName, r.json().path("id").asText());
            } else if (r.status() == 409) {
                String id = findByUserName(http, stack.token(tenant), userName);
                if (id == null) {
                    lostRetry++;
                } else {
                    answered.put(userName, id);
                }
            } else {
                lostRetry++;
            }
        }
        awaitFolded(bootstrap, stack.applicationId());
        Map<String, List<String>> created = new HashMap<>();
        LogReader.forEach(bootstrap, Topics.DIRECTORY_CHANGES, r -> {
            DirectoryChange c = CHANGES.decode(r.value());
            if (c.getDirectoryId().equals(tenant) && c.getPayload() instanceof CreateUser cu
                    && cu.getUser().getUserName().startsWith("ik-")) {
                created.computeIfAbsent(cu.getUser().getUserName(), k -> new ArrayList<>()).add(cu.getUserId());
            }
        });
        Map<String, List<String>> existing = new HashMap<>();
        latestState(bootstrap).values().stream()
                .filter(u -> u.getDirectoryId().equals(tenant) && u.getUser().getUserName().startsWith("ik-")
                        && (u.getState().name().equals("ACTIVE") || u.getState().name().equals("INACTIVE")))
                .forEach(u -> existing.computeIfAbsent(u.getUser().getUserName(), k -> new ArrayList<>())
                        .add(u.getUserId()));
        long lost = lostRetry + answered.entrySet().stream()
                .filter(e -> !created.containsKey(e.getKey())
                        || !existing.getOrDefault(e.getKey(), List.of()).contains(e.getValue()))
                .count();
        long duplicated = existing.values().stream().filter(ids -> ids.size() > 1).mapToLong(ids -> ids.size() - 1).sum();
        long unrequested = created.keySet().stream().filter(n -> !sentNames.contains(n)).count();
        outcomes.add(new Outcome("ingest kill -9 (2xx logged, lost creates re-POSTed)", sentNames.size(),
                options.ingestKills(), lost, duplicated, unrequested, 0,
                answered.size() + " creates answered 2xx (incl. re-POSTs), " + unanswered.size()
                        + " responses lost or refused and re-POSTed"));
    }

    /**
     * Set-up: creates a user the way an IdP does, retrying what a loaded system may answer (503 + Retry-After, or a
     * dropped connection) and taking a 409 for its own earlier attempt that landed after all; the user's id.
     */
    private static String create(Http http, String token, String userName) {
        for (int attempt = 1; attempt <= 10; attempt++) {
            Http.Response r = http.scim(token, "POST", "/Users", Http.createUser(userName, true, "T"));
            if (r.status() == 201) {
                return r.json().path("id").asText();
            }
            if (r.status() == 409) {
                String id = findByUserName(http, token, userName);
                if (id != null) {
                    return id;
                }
            } else if (r.status() != 503 && r.status() != 0) {
                throw new IllegalStateException("set-up create of " + userName + " answered " + r.status());
            }
            // Back-off of a retrying client (Retry-After is a few seconds), not synchronisation.
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        }
        throw new IllegalStateException("set-up create of " + userName + " kept failing");
    }

    private static String findByUserName(Http http, String token, String userName) {
        String filter = URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8);
        Http.Response r = http.scim(token, "GET", "/Users?filter=" + filter, null);
        JsonNode resources = r.ok() && r.json() != null ? r.json().path("Resources") : null;
        return resources != null && resources.size() == 1 ? resources.get(0).path("id").asText() : null;
    }

    // ---- 4: hostile input, tenant isolation, adversarial webhooks -----------------------------------------

    private void hostileInput(String bootstrap, Stack stack) throws Exception {
        Http http = new Http(stack.ingestUrl());
        // Users of each tenant, created with its own token (legitimate writes, before the baseline offset).
        Map<String, List<String[]>> users = new HashMap<>();
        for (String tenant : TENANTS) {
            for (int i = 0; i < 10; i++) {
                String userName = "iso-" + tenant + "-" + i + "@chaos.example";
                users.computeIfAbsent(tenant, k -> new ArrayList<>()).add(new String[] {
                    create(http, stack.token(tenant), userName), userName});
            }
        }
        awaitFolded(bootstrap, stack.applicationId());
        Map<Integer, Long> tenantStart = LogReader.endOffsetsByPartition(bootstrap, Topics.DIRECTORY_CHANGES);
        Random random = new Random(11);
        long crossAccepted = 0;
        long serverErrors = 0;
        for (int i = 0; i < options.hostileOps(); i++) {
            String me = TENANTS.get(random.nextInt(3));
            String other = TENANTS.get((TENANTS.indexOf(me) + 1 + random.nextInt(2)) % 3);
            String[] target = users.get(other).get(random.nextInt(10));
            Http.Response r;
            boolean leaked;
            switch (random.nextInt(6)) {
                case 0 -> {
                    r = http.scim(stack.token(me), "GET", "/Users/" + target[0], null);
                    leaked = r.ok();
                }
                case 1 -> {
                    r = http.scim(stack.token(me), "PATCH", "/Users/" + target[0], Http.PATCH_INACTIVE);
                    leaked = r.ok();
                }
                case 2 -> {
                    r = http.scim(stack.token(me), "PUT", "/Users/" + target[0],
                            Http.createUser(target[1], false, "X"));
                    leaked = r.ok();
                }
                case 3 -> {
                    r = http.scim(stack.token(me), "DELETE", "/Users/" + target[0], null);
                    leaked = r.ok();
                }
                case 4 -> {
                    String filter = URLEncoder.encode("userName eq \"" + target[1] + "\"", StandardCharsets.UTF_8);
                    r = http.scim(stack.token(me), "GET", "/Users?filter=" + filter, null);
                    leaked = r.body() != null && r.body().contains(target[0]);
                }
                default -> {
                    r = http.scim(stack.token(me), "GET", "/Users?count=100", null);
                    leaked = r.body() != null && users.get(other).stream().anyMatch(u -> r.body().contains(u[0]));
                }
            }
            crossAccepted += leaked ? 1 : 0;
            serverErrors += r.status() >= 500 || r.status() == 0 ? 1 : 0;
        }
        // A corpus of malformed requests against a tenant's own users: each must be a 4xx.
        String me = TENANTS.get(1);
        String ownId = users.get(me).get(0)[0];
        List<HostileRequest> corpus = corpus(stack.token(me), ownId);
        long corpusAccepted = 0;
        List<String> acceptedItems = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            HostileRequest h = corpus.get(i);
            Http.Response r = http.scimRaw(h.token(), h.method(), h.path(), h.body(), h.contentType());
            if (r.ok()) {
                corpusAccepted++;
                acceptedItems.add("#" + i + " " + h.method() + " " + r.status());
            }
            serverErrors += r.status() >= 500 || r.status() == 0 ? 1 : 0;
        }
        // Every SCIM write is answered only after the broker acknowledged it and the projector decided it, so the
        // log's end here closes the tenant phase: nothing it sent can land in the webhook window below.
        Map<Integer, Long> webhookStart = LogReader.endOffsetsByPartition(bootstrap, Topics.DIRECTORY_CHANGES);
        long webhookAccepted = 0;
        long webhookServerErrors = 0;
        for (int i = 0; i < options.webhookDeliveries(); i++) {
            Http.Response r = adversarialDelivery(http, stack.webhookSecret(), random, i);
            webhookAccepted += r.ok() ? 1 : 0;
            webhookServerErrors += r.status() >= 500 || r.status() == 0 ? 1 : 0;
        }
        Map<Integer, Long> webhookEnd = LogReader.endOffsetsByPartition(bootstrap, Topics.DIRECTORY_CHANGES);
        awaitFolded(bootstrap, stack.applicationId());

        // Every request of the tenant phase is refused, and ingest reads a write's target before producing, so
        // the phase must write nothing at all: a change on the log for a refused request is a violation, and one
        // the projector applied would be a state change caused by hostile input.
        Map<String, Integer> tenantWritten = new java.util.TreeMap<>();
        Set<String> tenantChangeIds = new HashSet<>();
        LogReader.forEachBetween(bootstrap, Topics.DIRECTORY_CHANGES, tenantStart, webhookStart, r -> {
            DirectoryChange c = CHANGES.decode(r.value());
            tenantChangeIds.add(c.getChangeId());
            tenantWritten.merge(c.getPayload().getClass().getSimpleName() + "/" + c.getSource(), 1, Integer::sum);
        });
        Map<String, Integer> applied = new java.util.TreeMap<>();
        LogReader.forEach(bootstrap, Topics.CHANGE_OUTCOMES, r -> {
            ChangeOutcome o = OUTCOMES.decode(r.value());
            if (tenantChangeIds.contains(o.getChangeId()) && o.getStatus() == OutcomeStatus.APPLIED) {
                applied.merge(o.getDirectoryId(), 1, Integer::sum);
            }
        });
        long stateChanges = applied.values().stream().mapToLong(Integer::longValue).sum();

        // The webhook window: only a WorkOS-sourced change can have come from a delivery; anything else in it is
        // listed but cannot be the deliveries' doing.
        Map<String, Integer> webhookWritten = new java.util.TreeMap<>();
        AtomicLong fromWorkos = new AtomicLong();
        LogReader.forEachBetween(bootstrap, Topics.DIRECTORY_CHANGES, webhookStart, webhookEnd, r -> {
            DirectoryChange c = CHANGES.decode(r.value());
            webhookWritten.merge(c.getPayload().getClass().getSimpleName() + "/" + c.getSource(), 1, Integer::sum);
            if (c.getSource() == ChangeSource.WORKOS_WEBHOOK || c.getSource() == ChangeSource.WORKOS_EVENTS) {
                fromWorkos.incrementAndGet();
            }
        });
        long webhookWindow = webhookWritten.values().stream().mapToLong(Integer::longValue).sum();

        outcomes.add(new Outcome("tenant isolation (3 directories, 3 tokens) + malformed corpus",
                options.hostileOps() + corpus.size(), 0, 0, 0, crossAccepted + corpusAccepted,
                serverErrors + tenantChangeIds.size() + stateChanges,
                crossAccepted + " cross-directory reads/writes answered, " + corpusAccepted + " of " + corpus.size()
                        + " malformed requests accepted " + acceptedItems + ", " + serverErrors
                        + " 5xx or dropped connections; " + tenantChangeIds.size() + " changes written " + tenantWritten
                        + ", " + stateChanges + " applied " + applied));
        outcomes.add(new Outcome("adversarial WorkOS webhook deliveries", options.webhookDeliveries(), 0, 0, 0,
                webhookAccepted + fromWorkos.get(), webhookServerErrors,
                webhookAccepted + " answered 2xx, " + webhookServerErrors + " 5xx or dropped; " + fromWorkos.get()
                        + " WorkOS changes written while they were delivered (" + webhookWindow + " records in all "
                        + webhookWritten + ")"));
    }

    private record HostileRequest(String token, String method, String path, byte[] body, String contentType) {
    }

    private static List<HostileRequest> corpus(String token, String ownId) {
        String scim = "application/scim+json";
        List<HostileRequest> list = new ArrayList<>();
        String nested = "[".repeat(5000) + "]".repeat(5000);
        byte[] huge = ("{\"userName\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 = {'{', '"', 'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
            '"', '}'};
        for (String body : List.of("{", "not json", "null", "[]", "{\"userName\":42}", "{\"userName\":null}",
                "{\"active\":\"maybe\",\"userName\":\"a@b\"}", "{\"userName\":\"\"}", nested,
                "{\"userName\":{\"$ne\":null}}")) {
            list.add(new HostileRequest(token, "POST", "/Users", body.getBytes(StandardCharsets.UTF_8), scim));
        }
        list.add(new HostileRequest(token, "POST", "/Users", huge, scim));
        list.add(new HostileRequest(token, "POST", "/Users", invalidUtf8, scim));
        for (String patch : List.of("{\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                        + "\"path\":\"meta.created\",\"value\":\"2000-01-01T00:00:00Z\"}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"explode\","
                        + "\"path\":\"active\",\"value\":false}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                        + "\"path\":\"emails[type eq \\\"work\\\"\",\"value\":\"x\"}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":\"replace\"}")) {
            list.add(new HostileRequest(token, "PATCH", "/Users/" + ownId, patch.getBytes(StandardCharsets.UTF_8), scim));
        }
        for (String filter : List.of("userName eq", "userName eq \"a\" and", "((((((((((userName eq \"a\"",
                "userName xx \"a\"", "emails[type eq \"work\" and value co \"@\"]]", "a".repeat(10_000) + " eq \"b\"",
                "userName eq \"a\"" + " or userName eq \"a\"".repeat(200))) {
            list.add(new HostileRequest(token, "GET", "/Users?filter=" + URLEncoder.encode(filter,
                    StandardCharsets.UTF_8), null, null));
        }
        byte[] create = Http.createUser("hostile@chaos.example", true, "T").getBytes(StandardCharsets.UTF_8);
        list.add(new HostileRequest(null, "POST", "/Users", create, scim));
        list.add(new HostileRequest("wrong-" + token, "POST", "/Users", create, scim));
        list.add(new HostileRequest(token.toUpperCase(java.util.Locale.ROOT), "POST", "/Users", create, scim));
        list.add(new HostileRequest(token, "POST", "/Users", create, "text/plain"));
        list.add(new HostileRequest(token, "GET", "/Users/..%2F..%2Fetc%2Fpasswd", null, null));
        list.add(new HostileRequest(token, "GET", "/Users/" + ownId + "%00", null, null));
        // Ids that spell other routes of the projector's query API behind ingest, and a request line and a header
        // beyond the server's limits: each is a 4xx in the SCIM error schema, never a 5xx.
        list.add(new HostileRequest(token, "GET", "/Users/search", null, null));
        list.add(new HostileRequest(token, "GET", "/Users/" + ownId + "%2Fgroups", null, null));
        list.add(new HostileRequest(token, "GET", "/Users?filter=" + "a".repeat(20_000), null, null));
        list.add(new HostileRequest("x".repeat(20_000), "GET", "/Users", null, null));
        return list;
    }

    private static Http.Response adversarialDelivery(Http http, String secret, Random random, int i) {
        byte[] body = Http.workosUserCreated("event_adv_" + i, "directory_adv", "directory_user_adv_" + i,
                "adv" + i + "@chaos.example");
        Instant now = Instant.now();
        String good = Http.sign(body, secret, now);
        return switch (i % 10) {
            case 0 -> http.webhook(Stack.WEBHOOK_ENV, body, null);
            case 1 -> http.webhook(Stack.WEBHOOK_ENV, body, Http.sign(body, "whsec-not-the-secret", now));
            case 2 -> http.webhook(Stack.WEBHOOK_ENV, body, Http.sign(body, secret, now.minus(Duration.ofMinutes(10))));
            case 3 -> http.webhook(Stack.WEBHOOK_ENV, body, Http.sign(body, secret, now.plus(Duration.ofMinutes(10))));
            case 4 -> {
                byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"active\"", "\"inactive\"")
                        .getBytes(StandardCharsets.UTF_8);
                yield http.webhook(Stack.WEBHOOK_ENV, tampered, good);
            }
            case 5 -> http.webhook(Stack.WEBHOOK_ENV, body, good.replace("v1=", "v1=0").substring(0, good.length()));
            case 6 -> http.webhook(Stack.WEBHOOK_ENV, body, "t=" + now.toEpochMilli() + ", t=1, " + good.substring(
                    good.indexOf("v1=")));
            case 7 -> http.webhook("no-such-environment", body, good);
            case 8 -> {
                byte[] noise = new byte[64 + random.nextInt(512)];
                random.nextBytes(noise);
                yield http.webhook(Stack.WEBHOOK_ENV, noise, "t=" + now.toEpochMilli() + ", v1=" + "0".repeat(64));
            }
            default -> http.webhook(Stack.WEBHOOK_ENV, body, "v1=" + good.substring(good.indexOf("v1=") + 3));
        };
    }

    // ---- 5: secrets ----------------------------------------------------------------------------------------

    private void secrets(String bootstrap, Stack stack) throws Exception {
        List<byte[]> needles = new ArrayList<>();
        stack.tokens().values().forEach(t -> needles.add(t.getBytes(StandardCharsets.UTF_8)));
        needles.add(stack.webhookSecret().getBytes(StandardCharsets.UTF_8));
        long scanned = 0;
        long hits = 0;
        List<String> where = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(options.work().resolve("logs"), options.work().resolve("projector-state-0"),
                options.work().resolve("projector-state-1"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        for (Path f : files) {
            scanned++;
            if (contains(Files.readAllBytes(f), needles)) {
                hits++;
                where.add(options.work().relativize(f).toString());
            }
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // read_uncommitted: aborted transactional output must not hold a secret either.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                Map<TopicPartition, Long> end = consumer.endOffsets(parts);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        scanned++;
                        if ((r.key() != null && contains(r.key(), needles))
                                || (r.value() != null && contains(r.value(), needles))) {
                            hits++;
                            where.add(topic);
                        }
                    }
                }
            }
        }
        outcomes.add(new Outcome("secrets in clear (logs, every topic, state stores)", scanned, 0, 0, 0, 0, hits,
                hits == 0 ? files.size() + " files and " + topics.size() + " topics scanned"
                        : "found in: " + String.join(", ", new HashSet<>(where))));
    }

    private static boolean contains(byte[] haystack, List<byte[]> needles) {
        for (byte[] needle : needles) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Waits until the projector group committed the change log's end; after a SIGKILL the EOS fold crawled for minutes here (README). */
    private static void awaitFolded(String bootstrap, String applicationId) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Awaitility.await("projector caught up").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                                .partitionsToOffsetAndMetadata().get();
                        long done = committed.entrySet().stream()
                                .filter(e -> e.getKey().topic().equals(Topics.DIRECTORY_CHANGES))
                                .mapToLong(e -> e.getValue().offset()).sum();
                        return done >= LogReader.endOffsets(bootstrap, Topics.DIRECTORY_CHANGES);
                    });
        }
    }

    private static Map<String, UserLifecycle> latestState(String bootstrap) {
        Map<String, UserLifecycle> state = new HashMap<>();
        LogReader.forEach(bootstrap, Topics.USER_LIFECYCLE, r -> {
            if (r.value() == null) {
                state.remove(r.key());
            } else {
                state.put(r.key(), LIFECYCLE.decode(r.value()));
            }
        });
        return state;
    }

    /** The fault schedule's spacing between injections (the load keeps running meanwhile). */
    private static void pace(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }

    private void print() {
        String format = "%-58s %10s %7s %6s %11s %17s %7s  %s%n";
        System.out.println();
        System.out.printf(format, "scenario", "operations", "faults", "lost", "duplicated", "wrongly accepted",
                "other", "detail");
        for (Outcome o : outcomes) {
            System.out.printf(format, o.scenario(), o.operations(), o.faults(), o.lost(), o.duplicated(),
                    o.wronglyAccepted(), o.otherViolations(), o.detail());
        }
        System.out.println(outcomes.stream().anyMatch(Outcome::failed) ? "\nchaos: FAILED" : "\nchaos: all checks passed");
        try {
            StringBuilder md = new StringBuilder("| scenario | operations | faults | lost | duplicated | wrongly accepted"
                    + " | other | detail |\n|---|---|---|---|---|---|---|---|\n");
            for (Outcome o : outcomes) {
                md.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %s |%n", o.scenario(), o.operations(),
                        o.faults(), o.lost(), o.duplicated(), o.wronglyAccepted(), o.otherViolations(), o.detail()));
            }
            Files.writeString(options.work().resolve("chaos.md"), md);
        } catch (IOException e) {
            System.err.println("could not write chaos.md: " + e.getMessage());
        }
    }
}
