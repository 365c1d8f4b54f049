package io.dirsync.schemas;

import java.util.List;
import java.util.Map;

/**
 * The dirsync topics and their policies: part of the public contract (see DESIGN.md).
 * Anything that creates topics (the embedded broker, docker-compose, an operator) takes them from here,
 * so names and cleanup policies cannot drift between environments.
 */
public final class Topics {

    public static final String DIRECTORY_CHANGES = "dirsync.directory-changes";
    public static final String USER_LIFECYCLE = "dirsync.user-lifecycle";
    public static final String LIFECYCLE_EVENTS = "dirsync.lifecycle-events";
    public static final String ACCESS_COMMANDS = "dirsync.access-commands";
    public static final String CHANGE_OUTCOMES = "dirsync.change-outcomes";
    public static final String DEAD_LETTERS = "dirsync.dead-letters";
    public static final String SOURCE_CURSORS = "dirsync.source-cursors";
    public static final String ACCESS_ACKS = "dirsync.access-acks";

    /** One topic of the contract: its name and the topic-level configs it must be created with. */
    public record Spec(String name, Map<String, String> configs) {
    }

    private static final Map<String, String> KEEP_FOREVER = Map.of("cleanup.policy", "delete", "retention.ms", "-1");
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");
    // 90 days: the audit trail outlives any IdP's own event retention.
    private static final Map<String, String> LONG = Map.of("cleanup.policy", "delete", "retention.ms", "7776000000");
    private static final Map<String, String> WEEK = Map.of("cleanup.policy", "delete", "retention.ms", "604800000");
    // Outcomes only serve a caller waiting a few seconds.
    private static final Map<String, String> SHORT = Map.of("cleanup.policy", "delete", "retention.ms", "3600000");

    private static final List<Spec> ALL = List.of(
            new Spec(DIRECTORY_CHANGES, KEEP_FOREVER),
            new Spec(USER_LIFECYCLE, COMPACTED),
            new Spec(LIFECYCLE_EVENTS, LONG),
            new Spec(ACCESS_COMMANDS, LONG),
            new Spec(CHANGE_OUTCOMES, SHORT),
            new Spec(DEAD_LETTERS, LONG),
            new Spec(SOURCE_CURSORS, COMPACTED),
            new Spec(ACCESS_ACKS, WEEK));

    private Topics() {
    }

    /** Every topic of the contract, in a stable order. */
    public static List<Spec> all() {
        return ALL;
    }
}
