package io.dirsync.ingest.workos;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every configured WorkOS environment, converted from configuration into {@link WorkosSource}s once at start-up.
 * Secrets come from the configured value or from a file ({@code *_FILE}, for mounted secrets); neither a value
 * nor a file's content is ever echoed in an error.
 */
@Singleton
public final class WorkosSources {

    /** Environment names become URL path segments and Kafka transactional ids. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Map<String, WorkosSource> byName;

    public WorkosSources(List<WorkosEnvironmentProperties> environments) {
        Map<String, WorkosSource> sources = new TreeMap<>();
        for (WorkosEnvironmentProperties p : environments) {
            WorkosSource source = convert(p);
            sources.put(source.name(), source);
        }
        this.byName = Map.copyOf(sources);
    }

    public Optional<WorkosSource> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Collection<WorkosSource> all() {
        return new TreeMap<>(byName).values();
    }

    static WorkosSource convert(WorkosEnvironmentProperties p) {
        if (!NAME.matcher(p.name()).matches()) {
            throw new IllegalArgumentException("invalid WorkOS environment name '" + p.name()
                    + "': lower-case letters, digits, '-' and '_'");
        }
        String where = "dirsync.workos.environments." + p.name();
        Optional<Secret> apiKey = secrets(p.apiKey(), p.apiKeyFile(), where + ".api-key").stream().findFirst();
        List<Secret> webhookSecrets = secrets(p.webhookSecrets(), p.webhookSecretsFile(), where + ".webhook-secrets");
        if (p.poller() && apiKey.isEmpty()) {
            throw new IllegalArgumentException(where + ".poller is on but no api-key (or api-key-file) is set");
        }
        Optional<Instant> rangeStart = Optional.empty();
        if (p.rangeStart() != null && !p.rangeStart().isBlank()) {
            try {
                rangeStart = Optional.of(Instant.parse(p.rangeStart().trim()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ".range-start must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
            }
        }
        String transactionalId = p.transactionalId() == null || p.transactionalId().isBlank()
                ? "dirsync-workos-" + p.name() : p.transactionalId().trim();
        String baseUrl = p.baseUrl().endsWith("/") ? p.baseUrl().substring(0, p.baseUrl().length() - 1) : p.baseUrl();
        return new WorkosSource(p.name(), apiKey, webhookSecrets, URI.create(baseUrl), p.webhooks(), p.poller(),
                p.tolerance(), p.pollInterval(), rangeStart, p.maxBodyBytes(), p.cursorWarnAge(), transactionalId);
    }

    /** Comma-separated values plus the lines of a file; blanks and '#' comments ignored. */
    static List<Secret> secrets(String values, String file, String what) {
        List<String> raw = new ArrayList<>();
        if (values != null) {
            raw.addAll(List.of(values.split(",")));
        }
        if (file != null && !file.isBlank()) {
            try {
                raw.addAll(Files.readAllLines(Path.of(file.trim()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The path is configuration, not a secret; the content is never shown.
                throw new UncheckedIOException("cannot read the file of " + what + ": " + file.trim(), e);
            }
        }
        List<Secret> secrets = new ArrayList<>();
        for (String value : raw) {
            String v = value.trim();
            if (!v.isEmpty() && !v.startsWith("#")) {
                secrets.add(Secret.of(v));
            }
        }
        return secrets;
    }
}
