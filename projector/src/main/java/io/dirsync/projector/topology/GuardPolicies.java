package io.dirsync.projector.topology;

import io.dirsync.projector.lifecycle.GuardPolicy;
import java.util.Map;

/**
 * The mass-deprovision guard's policy per directory: a default and per-directory overrides (from config,
 * {@code dirsync.projector.guard.*}).
 */
public record GuardPolicies(GuardPolicy defaults, Map<String, GuardPolicy> directories) {

    public static GuardPolicies standard() {
        return new GuardPolicies(GuardPolicy.DEFAULT, Map.of());
    }

    public GuardPolicy of(String directoryId) {
        return directories.getOrDefault(directoryId, defaults);
    }
}
