package io.dirsync.projector;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Map;

/**
 * Projector settings from {@code application.yml} and the environment ({@code DIRSYNC_*}).
 *
 * @param applicationId      Kafka Streams application id (consumer group, internal topic prefix)
 * @param bootstrapServers   Kafka bootstrap servers
 * @param stateDir           where RocksDB state lives
 * @param commitIntervalMs   under exactly_once_v2 output is visible at commit: the latency knob
 * @param advertisedEndpoint host:port other instances use to forward queries to this one (default localhost:port)
 * @param streams            any further Kafka Streams settings, passed through unchanged
 */
@ConfigurationProperties("dirsync.projector")
public record ProjectorConfig(
        String applicationId,
        String bootstrapServers,
        String stateDir,
        @Bindable(defaultValue = "20") long commitIntervalMs,
        @Nullable String advertisedEndpoint,
        @Bindable(defaultValue = "1") int threads,
        @Nullable Map<String, String> streams) {

    /** The endpoint this instance advertises, given the port its query server listens on. */
    public String endpoint(int serverPort) {
        return advertisedEndpoint == null || advertisedEndpoint.isBlank()
                ? "localhost:" + serverPort
                : advertisedEndpoint;
    }
}
