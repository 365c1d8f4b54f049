package io.dirsync.ingest.workos;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional reconciliation schedule: every {@code dirsync.workos.reconcile.interval}
 * ({@code DIRSYNC_WORKOS_RECONCILE_INTERVAL}, off when empty) it runs what {@code dirsync reconcile} runs for each
 * directory of {@code DIRSYNC_WORKOS_RECONCILE_DIRECTORIES}, against the default WorkOS environment. Runs are
 * idempotent, so a schedule on two ingest instances costs requests, not correctness.
 */
@Context
@Requires(property = "dirsync.workos.reconcile.interval", pattern = ".+")
final class ReconcileSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSchedule.class);

    private final List<String> directories;
    private final Map<String, String> settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dirsync-workos-reconcile");
        t.setDaemon(true);
        return t;
    });

    ReconcileSchedule(@Value("${dirsync.workos.reconcile.interval}") Duration interval,
                      @Value("${dirsync.workos.reconcile.directories:}") String directories,
                      @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                      @Value("${micronaut.http.services.projector.url}") String projectorUrl,
                      WorkosSources sources) {
        this(directories, settings(sources, bootstrapServers, projectorUrl));
        if (this.directories.isEmpty()) {
            LOG.warn("WorkOS reconcile: an interval is set but no directories (DIRSYNC_WORKOS_RECONCILE_DIRECTORIES)");
        }
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("WorkOS reconcile: every {} for {}", interval, this.directories);
    }

    ReconcileSchedule(String directories, Map<String, String> settings) {
        this.directories = Arrays.stream(directories.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.settings = settings;
    }

    /** One round over every configured directory; returns how many failed. A failure waits for the next round. */
    int tick() {
        int failed = 0;
        for (String directory : directories) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = Reconcile.run(new String[] {directory}, settings,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            if (exit == 0) {
                LOG.info("WorkOS reconcile of {}:\n{}", directory, out.toString(StandardCharsets.UTF_8).strip());
            } else {
                failed++;
                LOG.warn("WorkOS reconcile of {} failed: {}", directory, err.toString(StandardCharsets.UTF_8).strip());
            }
        }
        return failed;
    }

    private static Map<String, String> settings(WorkosSources sources, String bootstrapServers, String projectorUrl) {
        WorkosSource source = sources.all().stream().filter(s -> s.name().equals("default")).findFirst()
                .or(() -> sources.all().stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("WorkOS reconcile needs a configured WorkOS environment"));
        Map<String, String> settings = new HashMap<>();
        settings.put("DIRSYNC_WORKOS_API_KEY", source.apiKey().orElseThrow(() ->
                new IllegalStateException("WorkOS reconcile needs the environment's API key")).reveal());
        settings.put("DIRSYNC_WORKOS_BASE_URL", source.baseUrl().toString());
        settings.put("DIRSYNC_PROJECTOR_URL", projectorUrl);
        settings.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        return settings;
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
