package io.dirsync.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented defaults hold when no environment variable is set (README, configuration table). */
class ProjectorConfigTest {

    @Test
    void shouldUseTheDocumentedDefaultsWithoutEnvironment() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).start()) {
            ProjectorConfig config = context.getBean(ProjectorConfig.class);

            // (An exported KAFKA_BOOTSTRAP_SERVERS wins, as it should.)
            assertThat(config.bootstrapServers())
                    .isEqualTo(System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
            assertThat(config.applicationId())
                    .isEqualTo(System.getenv().getOrDefault("DIRSYNC_PROJECTOR_APPLICATION_ID", "dirsync-projector"));
            assertThat(config.endpoint(8081)).isEqualTo("localhost:8081");
        }
    }

    @Test
    void shouldAdvertiseTheConfiguredEndpoint() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("dirsync.projector.advertised-endpoint", "projector-2:9000")).start()) {
            assertThat(context.getBean(ProjectorConfig.class).endpoint(8081)).isEqualTo("projector-2:9000");
        }
    }
}
