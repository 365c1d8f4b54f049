package io.dirsync.kafkalocal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainTest {

    @Test
    void shouldUseDefaultsWhenNoArgumentsAndNoEnvironment() {
        Main.Options o = Main.Options.parse(new String[0], Map.of());
        assertThat(o).isEqualTo(new Main.Options(Path.of(".dirsync/kafka"), 9092, 1, 6, false));
    }

    @Test
    void shouldTakeEnvironmentWhenArgumentsAreMissing() {
        Main.Options o = Main.Options.parse(new String[0], Map.of(
                "DIRSYNC_KAFKA_DATA_DIR", "/tmp/k", "DIRSYNC_KAFKA_PORT", "19092", "DIRSYNC_PARTITIONS", "3"));
        assertThat(o).isEqualTo(new Main.Options(Path.of("/tmp/k"), 19092, 1, 3, false));
    }

    @Test
    void shouldPreferArgumentsOverEnvironmentWhenBothAreGiven() {
        Main.Options o = Main.Options.parse(
                new String[] {"--data-dir", "d", "--port=29092", "--brokers", "3", "--partitions", "12"},
                Map.of("DIRSYNC_KAFKA_PORT", "19092"));
        assertThat(o).isEqualTo(new Main.Options(Path.of("d"), 29092, 3, 12, false));
    }

    @Test
    void shouldRejectBadValuesWhenParsing() {
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--brokers", "2"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--brokers");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--bogus"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
    }

    @Test
    void shouldAskForHelpWhenHelpIsGiven() {
        assertThat(Main.Options.parse(new String[] {"--help"}, Map.of()).help()).isTrue();
    }
}
