package io.dirsync.projector.topology;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Counters of what the fold did, shared by all stream tasks of one instance: changes folded, dead letters
 * and anomalies per kind. Counts are per process (a retried transaction may count twice); the log is the record.
 */
public final class FoldMetrics {

    private final AtomicLong folded = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final Map<String, AtomicLong> anomalies = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, AtomicLong>> kindListeners = new CopyOnWriteArrayList<>();

    void folded() {
        folded.incrementAndGet();
    }

    void suppressed() {
        suppressed.incrementAndGet();
    }

    /** Changes folded during a replay whose outputs were not emitted again. */
    public long suppressedCount() {
        return suppressed.get();
    }

    void deadLetter() {
        deadLetters.incrementAndGet();
    }

    void anomaly(String kind) {
        AtomicLong count = anomalies.get(kind);
        if (count == null) {
            AtomicLong fresh = new AtomicLong();
            count = anomalies.putIfAbsent(kind, fresh);
            if (count == null) {
                count = fresh;
                kindListeners.forEach(l -> l.accept(kind, fresh));
            }
        }
        count.incrementAndGet();
    }

    /** Calls {@code listener} with every anomaly kind's counter: those seen so far now, each new one when first seen. */
    public void onAnomalyKind(BiConsumer<String, AtomicLong> listener) {
        kindListeners.add(listener);
        anomalies.forEach(listener);
    }

    public long foldedCount() {
        return folded.get();
    }

    public long deadLetterCount() {
        return deadLetters.get();
    }

    public Map<String, Long> anomalyCounts() {
        Map<String, Long> copy = new TreeMap<>();
        anomalies.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
