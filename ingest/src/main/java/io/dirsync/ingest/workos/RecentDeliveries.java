package io.dirsync.ingest.workos;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signature headers of deliveries already written, kept until their timestamp leaves the tolerance window (after
 * which the signature check refuses them anyway). A replayed delivery inside the window is answered 2xx without
 * writing again; the projector would deduplicate it by changeId regardless, this just keeps the log clean.
 * Bounded: beyond {@link #MAX_ENTRIES} live entries, new deliveries are simply not remembered.
 */
@Singleton
public final class RecentDeliveries {

    static final int MAX_ENTRIES = 100_000;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    /** True if this exact signed delivery was already written and is still inside its window. */
    public boolean seen(String environment, String signatureHeader, Instant now) {
        Instant expiry = expiries.get(key(environment, signatureHeader));
        return expiry != null && expiry.isAfter(now);
    }

    public void remember(String environment, String signatureHeader, Instant expiry, Instant now) {
        if (expiries.size() >= MAX_ENTRIES) {
            evict(now);
        }
        if (expiries.size() < MAX_ENTRIES) {
            expiries.put(key(environment, signatureHeader), expiry);
        }
    }

    private void evict(Instant now) {
        for (Iterator<Instant> it = expiries.values().iterator(); it.hasNext(); ) {
            if (!it.next().isAfter(now)) {
                it.remove();
            }
        }
    }

    private static String key(String environment, String signatureHeader) {
        return environment + "\n" + signatureHeader.replace(" ", "");
    }
}
