package io.dirsync.projector.replay;

import io.dirsync.projector.ProjectorConfig;
import io.dirsync.projector.StreamsFactory;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code dirsync replay}: rebuilds the projector's state from the change log with the Admin API (the
 * equivalent of Kafka's streams reset tool): marks the log's end, moves the input offsets back, deletes the
 * application's internal topics and local state, then folds again in this process with progress until the
 * mark is reached. By default nothing below the mark is re-emitted; {@code --reemit} re-emits it all
 * (byte-identical, commands carry deterministic ids); {@code --as-of} with another {@code --application-id}
 * builds a read-only state as of an instant, to be served by a projector started with that application id.
 */
public final class Replay {

    /** How often a replay commits: far apart, since nothing below the mark waits for the commit. */
    static final long REPLAY_COMMIT_INTERVAL_MS = 1_000;

    /** What to replay. */
    public record Settings(ProjectorConfig config, boolean reemit, Instant from, Instant asOf) {
    }

    /** What a replay did. */
    public record Summary(long changes, long suppressed, Duration took) {
        public double rate() {
            return changes / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    private final Settings settings;
    private final PrintStream out;

    public Replay(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean reemit = false;
        Instant from = null;
        Instant asOf = null;
        String applicationId = env("DIRSYNC_PROJECTOR_APPLICATION_ID", "dirsync-projector");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--reemit" -> reemit = true;
                    case "--from" -> from = Instant.parse(args[++i]);
                    case "--as-of" -> asOf = Instant.parse(args[++i]);
                    case "--application-id" -> applicationId = args[++i];
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            err.println("dirsync replay: " + e.getMessage() + "\n" + usage());
            return 2;
        }
        if (asOf != null && (from != null || reemit)) {
            // A state as of an instant is the fold of everything before it, and it emits nothing.
            err.println("dirsync replay: --as-of folds the whole log up to the instant: it takes neither --from nor"
                    + " --reemit");
            return 2;
        }
        if (asOf != null && applicationId.equals(env("DIRSYNC_PROJECTOR_APPLICATION_ID", "dirsync-projector"))) {
            err.println("dirsync replay: --as-of builds a separate state: give it its own --application-id");
            return 2;
        }
        ProjectorConfig config = new ProjectorConfig(applicationId,
                env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                env("DIRSYNC_PROJECTOR_STATE_DIR", ".dirsync/projector-state"),
                Long.parseLong(env("DIRSYNC_COMMIT_INTERVAL_MS", "20")), null,
                Integer.parseInt(env("DIRSYNC_PROJECTOR_THREADS", "1")), Map.of());
        try {
            Summary summary = new Replay(new Settings(config, reemit, from, asOf), out).run();
            out.printf("replay done: %d changes folded in %.1f s (%.0f/s), %d not re-emitted%n", summary.changes(),
                    summary.took().toMillis() / 1000.0, summary.rate(), summary.suppressed());
            return 0;
        } catch (IllegalStateException e) {
            err.println("dirsync replay: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("dirsync replay failed: " + e);
            return 1;
        }
    }

    /** Resets the application and folds the log again up to the mark. */
    public Summary run() throws ExecutionException, InterruptedException {
        ProjectorConfig config = settings.config();
        String app = config.applicationId();
        Map<TopicPartition, Long> end;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
            requireStopped(admin, app);
            if (settings.asOf() != null) {
                requireNoProjectorState(admin, config.bootstrapServers(), app);
            }
            List<TopicPartition> input = admin.describeTopics(List.of(Topics.DIRECTORY_CHANGES)).allTopicNames().get()
                    .get(Topics.DIRECTORY_CHANGES).partitions().stream()
                    .map(p -> new TopicPartition(Topics.DIRECTORY_CHANGES, p.partition())).toList();
            end = offsets(admin, input, OffsetSpec.latest());
            // The mark is written before anything is reset, so a crash from here on still suppresses history.
            Map<Integer, Long> mark = new HashMap<>();
            end.forEach((tp, offset) -> mark.put(tp.partition(), offset));
            // The topology's other inputs (the offboarding proof reads access commands and acks) are reset too,
            // with marks of their own, so their state is rebuilt without re-emitting either.
            List<TopicPartition> others = partitions(admin, otherSourceTopics());
            Map<TopicPartition, Long> othersEnd = offsets(admin, others, OffsetSpec.latest());
            Map<String, Long> othersMark = new HashMap<>();
            othersEnd.forEach((tp, offset) -> othersMark.put(tp.topic() + "@" + tp.partition(), offset));
            ReplayMarks marks = settings.asOf() != null ? new ReplayMarks(mark, settings.asOf())
                    : settings.reemit() ? ReplayMarks.none() : new ReplayMarks(mark, null).withSourceEnds(othersMark);
            ReplayMarks.write(config.bootstrapServers(), app, marks);
            OffsetSpec from = settings.from() == null ? OffsetSpec.earliest()
                    : OffsetSpec.forTimestamp(settings.from().toEpochMilli());
            Map<TopicPartition, Long> start = offsets(admin, input, from);
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            start.forEach((tp, offset) -> reset.put(tp, new OffsetAndMetadata(offset < 0 ? end.get(tp) : offset)));
            offsets(admin, others, from).forEach((tp, offset) ->
                    reset.put(tp, new OffsetAndMetadata(offset < 0 ? othersEnd.get(tp) : offset)));
            admin.alterConsumerGroupOffsets(app, reset).all().get();
            // Exactly this application's internal topics, never all of a prefix: another application's id may
            // begin with this one's (dirsync-projector and dirsync-projector-june30, either way round).
            Set<String> ours = internalTopics(app);
            Set<String> internal = admin.listTopics().names().get().stream().filter(ours::contains)
                    .collect(Collectors.toSet());
            admin.deleteTopics(internal).all().get();
            out.printf("replay: reset %s (%d internal topics deleted); folding %d changes%n", app, internal.size(),
                    end.values().stream().mapToLong(Long::longValue).sum()
                            - input.stream().mapToLong(tp -> reset.get(tp).offset()).sum());
        }
        deleteRecursively(Path.of(config.stateDir(), app));
        return fold(end);
    }

    private Summary fold(Map<TopicPartition, Long> end) throws ExecutionException, InterruptedException {
        ProjectorConfig config = settings.config();
        FoldMetrics metrics = new FoldMetrics();
        ReplayMarks marks = ReplayMarks.load(config.bootstrapServers(), config.applicationId());
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        long started = System.nanoTime();
        Properties props = StreamsFactory.streamsProperties(config, new HostInfo("localhost", 0));
        // Below the mark nothing waits for a commit to become visible, so the latency knob does not apply: each
        // transaction costs markers on every partition it touched, and fewer of them leave more time to fold.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(Math.max(REPLAY_COMMIT_INTERVAL_MS, config.commitIntervalMs())));
        KafkaStreams streams = new KafkaStreams(ProjectorTopology.build(metrics, marks,
                io.dirsync.projector.guard.GuardConfig.fromEnvironment().policies()), props);
        streams.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
            long lastPrint = 0;
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                        .partitionsToOffsetAndMetadata().get();
                long done = end.keySet().stream().mapToLong(tp -> {
                    OffsetAndMetadata c = committed.get(tp);
                    return c == null ? 0 : Math.min(c.offset(), end.get(tp));
                }).sum();
                double seconds = (System.nanoTime() - started) / 1e9;
                if (done >= total) {
                    break;
                }
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("the fold stopped: " + streams.state());
                }
                if (seconds - lastPrint >= 1) {
                    lastPrint = (long) seconds;
                    double rate = metrics.foldedCount() / Math.max(0.001, seconds);
                    out.printf("replay: %d / %d changes (%.0f/s, ETA %.0f s)%n", done, total, rate,
                            rate == 0 ? 0 : (total - done) / rate);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        return new Summary(metrics.foldedCount(), metrics.suppressedCount(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Source topics of the projector's topology other than the change log. */
    static Set<String> otherSourceTopics() {
        Set<String> topics = new java.util.TreeSet<>();
        for (TopologyDescription.Subtopology sub
                : ProjectorTopology.build(new FoldMetrics(), ReplayMarks.none()).describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        topics.remove(Topics.DIRECTORY_CHANGES);
        return topics;
    }

    /** The internal topics Kafka Streams names for the projector's topology under this application id. */
    static Set<String> internalTopics(String app) {
        Set<String> topics = new java.util.TreeSet<>();
        for (TopologyDescription.Subtopology sub
                : ProjectorTopology.build(new FoldMetrics(), ReplayMarks.none()).describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> topics.add(app + "-" + store + "-changelog"));
                }
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(t -> t.endsWith("-repartition"))
                            .forEach(t -> topics.add(app + "-" + t));
                }
            }
        }
        return topics;
    }

    /**
     * A point-in-time build resets its application and leaves it read-only. Into an application that holds a
     * projector's fold (committed offsets, no as-of mark) it would wipe that state and silence its commands.
     */
    private static void requireNoProjectorState(Admin admin, String bootstrapServers, String app)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
            return;
        }
        if (!committed.isEmpty() && !ReplayMarks.load(bootstrapServers, app).readOnly()) {
            throw new IllegalStateException("--as-of: " + app + " holds a projector's state; build the point-in-time"
                    + " state into an application id of its own");
        }
    }

    private static List<TopicPartition> partitions(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException {
        if (topics.isEmpty()) {
            return List.of();
        }
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    private static void requireStopped(Admin admin, String app) throws ExecutionException, InterruptedException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app)).all().get().get(app);
            if (!group.members().isEmpty()) {
                throw new IllegalStateException("the projector (" + app + ") is running with " + group.members().size()
                        + " member(s): stop it first, then replay");
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> result = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request).all().get().entrySet()) {
            result.put(e.getKey(), e.getValue().offset());
        }
        return result;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete local state " + dir, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static String usage() {
        return """
                usage: dirsync replay [--reemit] [--from <instant>] [--as-of <instant> --application-id <id>]
                  Rebuilds the projector's state from dirsync.directory-changes. Stop the projector first.
                  By default events and commands of changes folded before are not emitted again.
                  --reemit          emit them again (same commandIds, byte-identical)
                  --from <instant>  start the input at this time instead of the beginning (ISO-8601)
                  --as-of <instant> build a read-only state as of this instant into another --application-id;
                                    serve it with DIRSYNC_PROJECTOR_APPLICATION_ID=<id> ./dirsync dev or the projector
                  env KAFKA_BOOTSTRAP_SERVERS, DIRSYNC_PROJECTOR_APPLICATION_ID, DIRSYNC_PROJECTOR_STATE_DIR""";
    }
}
