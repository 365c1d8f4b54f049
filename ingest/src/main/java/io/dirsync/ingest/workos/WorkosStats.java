package io.dirsync.ingest.workos;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the WorkOS edge: deliveries accepted and refused, events mapped, and everything lenient parsing
 * let through (unknown event types, unknown user states ...), so that what dirsync did not understand is visible
 * rather than silently dropped. Served at {@code GET /workos/stats}; holds counts only, never payloads.
 */
@Singleton
public final class WorkosStats {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
