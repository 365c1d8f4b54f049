package io.dirsync.projector.guard;

import io.dirsync.projector.lifecycle.GuardPolicy;
import io.dirsync.projector.topology.GuardPolicies;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mass-deprovision guard settings ({@code dirsync.projector.guard.*}, env {@code DIRSYNC_GUARD_*}).
 * {@code directories} overrides the default per directory: {@code dir-a=off;dir-b=0.05/10/5m}
 * (fraction/minimum/window).
 *
 * @param enabled    whether the guard holds anything by default
 * @param fraction   trip when deprovisions within the window exceed this share of active users…
 * @param minimum    …and exceed this many users
 * @param window     the window, in record time
 * @param directories per-directory overrides
 */
@ConfigurationProperties("dirsync.projector.guard")
public record GuardConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "0.10") double fraction,
        @Bindable(defaultValue = "25") int minimum,
        @Bindable(defaultValue = "10m") Duration window,
        @Nullable String directories) {

    /** The same settings read from the environment, for the replay command (which must fold alike). */
    public static GuardConfig fromEnvironment() {
        java.util.function.Function<String, String> env = System::getenv;
        return new GuardConfig(
                !"false".equalsIgnoreCase(env.apply("DIRSYNC_GUARD_ENABLED")),
                env.apply("DIRSYNC_GUARD_FRACTION") == null ? 0.10 : Double.parseDouble(env.apply("DIRSYNC_GUARD_FRACTION")),
                env.apply("DIRSYNC_GUARD_MINIMUM") == null ? 25 : Integer.parseInt(env.apply("DIRSYNC_GUARD_MINIMUM")),
                env.apply("DIRSYNC_GUARD_WINDOW") == null ? Duration.ofMinutes(10) : window(env.apply("DIRSYNC_GUARD_WINDOW")),
                env.apply("DIRSYNC_GUARD_DIRECTORIES"));
    }

    public GuardPolicies policies() {
        GuardPolicy defaults = enabled ? new GuardPolicy(true, fraction, minimum, window) : GuardPolicy.OFF;
        return new GuardPolicies(defaults, parse(directories));
    }

    /** Parses {@code dir=off;dir2=0.05/10/5m}; a malformed entry fails startup with its text. */
    static Map<String, GuardPolicy> parse(String spec) {
        Map<String, GuardPolicy> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("guard override '" + entry + "' is not directory=policy");
            }
            String value = kv[1].trim();
            if (value.equalsIgnoreCase("off")) {
                out.put(kv[0].trim(), GuardPolicy.OFF);
                continue;
            }
            String[] parts = value.split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException("guard override '" + entry + "' is not fraction/minimum/window");
            }
            try {
                out.put(kv[0].trim(), new GuardPolicy(true, Double.parseDouble(parts[0]), Integer.parseInt(parts[1]),
                        window(parts[2])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("guard override '" + entry + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Duration window(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("window '" + text + "' needs a unit s, m or h");
        };
    }
}
