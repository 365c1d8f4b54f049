package io.dirsync.ingest.workos;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link EventsPoller} thread per WorkOS environment whose poller is on. Start-up does not wait for
 * Kafka or WorkOS: each thread initialises its poller itself and keeps retrying. Run the poller of an environment
 * on one ingest instance; a second one would fence the first (correct, but wasteful).
 */
@Context
@Requires(property = "dirsync.kafka.enabled", notEquals = "false")
final class WorkosPollers {

    private static final Logger LOG = LoggerFactory.getLogger(WorkosPollers.class);
    /** Per-IP limit is 6,000 requests/min; one poller stays far below it even when retrying. */
    private static final Duration MIN_REQUEST_INTERVAL = Duration.ofMillis(100);

    private final List<Thread> threads = new ArrayList<>();
    private final List<EventsPoller> pollers = new ArrayList<>();

    WorkosPollers(WorkosSources sources, KnownDirectories directories, WorkosStats stats,
                  @Value("${kafka.bootstrap.servers}") String bootstrapServers) {
        for (WorkosSource source : sources.all()) {
            if (!source.poller()) {
                continue;
            }
            WorkosApi api = new WorkosApi(source.baseUrl(), source.apiKey().orElseThrow(), MIN_REQUEST_INTERVAL, 8);
            EventsPoller poller = new EventsPoller(source, api, bootstrapServers, directories, stats, Clock.systemUTC());
            Thread thread = new Thread(() -> startAndRun(source, poller), "dirsync-workos-poller-" + source.name());
            thread.setDaemon(true);
            pollers.add(poller);
            threads.add(thread);
            thread.start();
        }
    }

    private static void startAndRun(WorkosSource source, EventsPoller poller) {
        while (!poller.isClosed()) {
            try {
                poller.start();
                poller.run();
                return;
            } catch (RuntimeException e) {
                if (poller.isClosed()) {
                    return;
                }
                LOG.warn("WorkOS {}: the poller could not start ({}); retrying in {}", source.name(), e.toString(),
                        source.pollInterval());
                try {
                    Thread.sleep(Math.max(1000, source.pollInterval().toMillis()));
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    @PreDestroy
    void close() {
        pollers.forEach(EventsPoller::close);
        threads.forEach(Thread::interrupt);
    }
}
