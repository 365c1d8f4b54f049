package io.dirsync.projector;

import io.dirsync.projector.guard.GuardConfig;
import io.dirsync.projector.replay.ReplayMarks;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** Builds the projector's KafkaStreams instance from its settings; started and closed by {@link StreamsLifecycle}. */
@Factory
public final class StreamsFactory {

    @Singleton
    FoldMetrics foldMetrics() {
        return new FoldMetrics();
    }

    /** This instance as other instances see it (Kafka Streams' application.server). */
    @Singleton
    HostInfo self(ProjectorConfig config, @Value("${micronaut.server.port}") int port) {
        return HostInfo.buildFromEndpoint(config.endpoint(port));
    }

    /** A replay's (or a point-in-time build's) mark: history below it is not re-emitted. */
    @Singleton
    ReplayMarks replayMarks(ProjectorConfig config) {
        return ReplayMarks.load(config.bootstrapServers(), config.applicationId());
    }

    @Singleton
    KafkaStreams kafkaStreams(ProjectorConfig config, FoldMetrics metrics, HostInfo self, GuardConfig guard,
                              ReplayMarks marks) {
        return new KafkaStreams(ProjectorTopology.build(metrics, marks, guard.policies()), streamsProperties(config, self));
    }

    /** Kafka Streams settings of the projector; also used by the replay command, so both fold alike. */
    public static Properties streamsProperties(ProjectorConfig config, HostInfo self) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitIntervalMs()));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.threads()));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // The classic protocol: the new "streams" protocol started slower here (BUILD-NOTES).
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        // Replication of internal topics follows the broker default (1 locally, 3 in production).
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
        // Sparse traffic: don't let a leaver wait for the default 100 ms poll or producer linger.
        props.put(StreamsConfig.POLL_MS_CONFIG, "10");
        props.put(StreamsConfig.producerPrefix("linger.ms"), "5");
        // A group delta of 10,000 members is ~40,000 output and changelog records in one transaction: larger
        // batches carry them in fewer requests; a lone leaver still goes out after linger.ms.
        props.put(StreamsConfig.producerPrefix("batch.size"), "262144");
        // A crashed instance's directories stall until the group notices it is gone: after 10 s instead of the
        // default 45 s (heartbeats every 3 s); the takeover's state restore comes on top of that.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "10000");
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), "3000");
        if (config.streams() != null) {
            props.putAll(config.streams());
        }
        return props;
    }
}
