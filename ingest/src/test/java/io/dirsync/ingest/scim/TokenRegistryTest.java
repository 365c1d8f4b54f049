package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRegistryTest {

    private static String entry(String directory, String token) {
        return directory + ":" + HexFormat.of().formatHex(TokenRegistry.sha256(token));
    }

    @Test
    void shouldMapEachTokenToExactlyItsDirectoryIncludingRotatedOnes() {
        TokenRegistry registry = new TokenRegistry(new ScimConfig(
                entry("acme", "old") + "," + entry("acme", "new") + "," + entry("globex", "g"), null, null, null));

        assertThat(registry.directoryFor("old")).contains("acme");
        assertThat(registry.directoryFor("new")).contains("acme");
        assertThat(registry.directoryFor("g")).contains("globex");
        assertThat(registry.directoryFor("guess")).isEmpty();
    }

    @Test
    void shouldReadTokensFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# rotated 2026-11\n" + entry("acme", "t1") + "\n\n");

        TokenRegistry registry = new TokenRegistry(new ScimConfig(null, file.toString(), null, null));

        assertThat(registry.directoryFor("t1")).contains("acme");
    }

    @Test
    void shouldRefuseAnEntryThatIsNotAHashWithoutEchoingIt() {
        assertThatThrownBy(() -> new TokenRegistry(new ScimConfig("acme:my-plain-secret", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("my-plain-secret");
    }
}
