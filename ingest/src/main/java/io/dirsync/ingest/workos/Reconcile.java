package io.dirsync.ingest.workos;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code dirsync reconcile <directory>}: reads a WorkOS directory's users and groups (at most 4 requests/s, WorkOS's
 * limit per directory), compares them with dirsync's state through the projector's query API, writes RECONCILE
 * changes for the drift (acks=all) and prints a report with a count per kind of drift. Idempotent: see
 * {@link Reconciler}. Runs without the ingest service; settings come from the same environment variables.
 */
public final class Reconcile {

    /** WorkOS allows 4 requests/s per directory; 275 ms apart keeps a margin for jitter as WorkOS sees them. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(275);

    private Reconcile() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String directory = null;
        boolean dryRun = false;
        String baseUrl = env.getOrDefault("DIRSYNC_WORKOS_BASE_URL", "https://api.workos.com");
        String projector = env.getOrDefault("DIRSYNC_PROJECTOR_URL", "http://localhost:8081");
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--base-url" -> baseUrl = value(args, ++i);
                case "--projector-url" -> projector = value(args, ++i);
                case "--bootstrap-servers" -> bootstrap = value(args, ++i);
                case "-h", "--help" -> {
                    usage(out);
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-") || directory != null) {
                        err.println("reconcile: unexpected argument '" + args[i] + "'");
                        usage(err);
                        return 2;
                    }
                    directory = args[i];
                }
            }
        }
        if (directory == null || baseUrl == null || projector == null || bootstrap == null) {
            usage(err);
            return 2;
        }
        Optional<Secret> apiKey;
        try {
            apiKey = WorkosSources.secrets(env.get("DIRSYNC_WORKOS_API_KEY"), env.get("DIRSYNC_WORKOS_API_KEY_FILE"),
                    "DIRSYNC_WORKOS_API_KEY").stream().findFirst();
        } catch (RuntimeException e) {
            err.println("reconcile: " + e.getMessage());
            return 2;
        }
        if (apiKey.isEmpty()) {
            err.println("reconcile: set DIRSYNC_WORKOS_API_KEY or DIRSYNC_WORKOS_API_KEY_FILE");
            return 2;
        }
        try {
            WorkosApi api = new WorkosApi(URI.create(baseUrl), apiKey.get(), MIN_INTERVAL, 8);
            Reconciler.Report report = new Reconciler(api, new ProjectorState(URI.create(projector)))
                    .reconcile(directory, Instant.now());
            if (!dryRun) {
                write(bootstrap, report.changes());
            }
            print(out, directory, report, dryRun, api.requests());
            return 0;
        } catch (WorkosApiException e) {
            err.println("reconcile: " + e.getMessage() + (e.status() == 401 ? " (check the API key)" : ""));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("reconcile: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return 1;
        }
    }

    /** Appends the changes in order and returns once the broker acknowledged every one (acks=all). */
    static void write(String bootstrap, List<DirectoryChange> changes) throws Exception {
        if (changes.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "dirsync-reconcile");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (DirectoryChange c : changes) {
                acks.add(producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, c.getDirectoryId(), codec.encode(c))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(35, TimeUnit.SECONDS);
            }
        }
    }

    private static void print(PrintStream out, String directory, Reconciler.Report r, boolean dryRun, int requests) {
        out.printf("reconcile %s%n", directory);
        out.printf("  WorkOS : %d users, %d groups (%d API requests)%n", r.workosUsers(), r.workosGroups(), requests);
        out.printf("  dirsync: %d users, %s groups%n", r.dirsyncUsers(),
                r.dirsyncGroups() < 0 ? "(not served by this projector: groups skipped)" : Integer.toString(r.dirsyncGroups()));
        out.println("  drift:");
        r.drift().forEach((kind, n) -> out.printf("    %-22s %d%n", kind, n));
        int total = r.drift().values().stream().mapToInt(Integer::intValue).sum();
        out.printf("  total drift: %d; %s%n", total, dryRun
                ? r.changes().size() + " changes NOT written (--dry-run)"
                : r.changes().size() + " RECONCILE changes written to " + Topics.DIRECTORY_CHANGES);
    }

    private static String value(String[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: ./dirsync reconcile <workos-directory-id> [--dry-run] [--base-url URL] [--projector-url URL]
                                           [--bootstrap-servers HOST:PORT]
                  Compares the directory in WorkOS with dirsync's state and writes RECONCILE changes for the drift
                  (leavers, joiners, attribute and membership updates), then prints a count per kind of drift.
                  Safe to re-run: the same drift gets the same change ids, which the projector applies once.
                environment:
                  DIRSYNC_WORKOS_API_KEY or DIRSYNC_WORKOS_API_KEY_FILE (required)
                  DIRSYNC_WORKOS_BASE_URL (https://api.workos.com)  DIRSYNC_PROJECTOR_URL (http://localhost:8081)
                  KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:9092)""");
    }
}
