package io.dirsync.ingest.scim;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps a bearer token to exactly one directory. Only SHA-256 hashes of tokens are configured or held;
 * a presented token is hashed and compared against every entry in constant time, so neither timing nor
 * logs reveal a token. Several tokens per directory may be valid at once (rotation).
 */
@Singleton
public final class TokenRegistry {

    /** Directory ids become Kafka keys and path segments: keep them plain. */
    static final Pattern DIRECTORY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private record Entry(String directoryId, byte[] hash) {
    }

    private final List<Entry> entries;

    public TokenRegistry(ScimConfig config) {
        List<String> lines = new ArrayList<>();
        if (config.tokens() != null) {
            lines.addAll(List.of(config.tokens().split(",")));
        }
        if (config.tokensFile() != null && !config.tokensFile().isBlank()) {
            try {
                lines.addAll(Files.readAllLines(Path.of(config.tokensFile()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read DIRSYNC_SCIM_TOKENS_FILE", e);
            }
        }
        List<Entry> parsed = new ArrayList<>();
        for (String line : lines) {
            String entry = line.trim();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String directoryId = colon < 0 ? "" : entry.substring(0, colon).trim();
            String hex = colon < 0 ? "" : entry.substring(colon + 1).trim();
            if (!DIRECTORY_ID.matcher(directoryId).matches() || !hex.matches("[0-9a-fA-F]{64}")) {
                // Never echo the entry: it may be a token pasted by mistake.
                throw new IllegalArgumentException("invalid SCIM token entry: expected directoryId:sha256hex");
            }
            parsed.add(new Entry(directoryId, HexFormat.of().parseHex(hex)));
        }
        this.entries = List.copyOf(parsed);
    }

    /** The directory a token grants access to, if any. */
    public Optional<String> directoryFor(String token) {
        byte[] presented = sha256(token);
        String match = null;
        for (Entry entry : entries) {
            // No early exit: the loop costs the same whichever entry matches.
            if (MessageDigest.isEqual(presented, entry.hash()) && match == null) {
                match = entry.directoryId();
            }
        }
        return Optional.ofNullable(match);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
