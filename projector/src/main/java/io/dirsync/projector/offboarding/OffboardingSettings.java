package io.dirsync.projector.offboarding;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The apps that must acknowledge every leaver's DEPROVISION, each with its SLA (how long after the command's issue it
 * may take). Written {@code billing,crm=30m,wiki=PT2H}; an app without {@code =} gets the default SLA (15 minutes
 * unless configured). No declared app means the proof records acks but never calls a leaver complete or overdue.
 */
public record OffboardingSettings(Map<String, Duration> declared) {

    /** Streams config key (from {@code dirsync.projector.offboarding.apps}, or env {@value #APPS_ENV}). */
    public static final String APPS = "dirsync.projector.offboarding.apps";
    public static final String DEFAULT_SLA = "dirsync.projector.offboarding.default-sla";
    public static final String APPS_ENV = "DIRSYNC_OFFBOARDING_APPS";
    public static final String DEFAULT_SLA_ENV = "DIRSYNC_OFFBOARDING_DEFAULT_SLA";
    public static final Duration STANDARD_SLA = Duration.ofMinutes(15);

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]+");

    public OffboardingSettings {
        declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
    }

    public static OffboardingSettings none() {
        return new OffboardingSettings(Map.of());
    }

    /** Parses the app list; throws IllegalArgumentException naming what is wrong. */
    public static OffboardingSettings parse(String apps, String defaultSla) {
        Duration fallback = defaultSla == null || defaultSla.isBlank() ? STANDARD_SLA : duration(defaultSla);
        Map<String, Duration> out = new LinkedHashMap<>();
        if (apps == null || apps.isBlank()) {
            return new OffboardingSettings(out);
        }
        for (String entry : apps.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String app = (eq < 0 ? e : e.substring(0, eq)).trim();
            if (!APP_ID.matcher(app).matches()) {
                throw new IllegalArgumentException("offboarding app id '" + app + "' must be letters, digits, . _ or -");
            }
            out.put(app, eq < 0 ? fallback : duration(e.substring(eq + 1)));
        }
        return new OffboardingSettings(out);
    }

    /** From a Streams config (the projector passes its config through) or else the environment (the replay CLI). */
    public static OffboardingSettings from(Map<String, Object> appConfigs, Map<String, String> env) {
        Object apps = appConfigs.get(APPS);
        Object sla = appConfigs.get(DEFAULT_SLA);
        return parse(apps != null ? apps.toString() : env.get(APPS_ENV),
                sla != null ? sla.toString() : env.get(DEFAULT_SLA_ENV));
    }

    /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 500ms} or ISO-8601 ({@code PT15M}); positive. */
    public static Duration duration(String text) {
        String t = text.trim();
        Duration d;
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("SLA '" + t + "' is not a duration (e.g. 15m, 2h, PT30M)");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("SLA '" + t + "' must be positive");
        }
        return d;
    }

    /** The settings as Streams config entries, so every stream task sees the same ones. */
    public Map<String, String> asStreamsConfig() {
        StringBuilder apps = new StringBuilder();
        declared.forEach((app, sla) -> apps.append(apps.length() == 0 ? "" : ",").append(app).append('=').append(sla));
        return Map.of(APPS, apps.toString(), DEFAULT_SLA, STANDARD_SLA.toString());
    }
}
