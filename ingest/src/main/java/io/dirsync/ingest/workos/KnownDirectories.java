package io.dirsync.ingest.workos;

import io.dirsync.ingest.workos.WorkosEventMapper.Mapped;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.DirectoryChange;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WorkOS directories this process has seen, so that the first event of a directory that never announced itself
 * with {@code dsync.activated} registers it ({@link WorkosEventMapper#firstSight}, organization id kept).
 * The first batch to name a directory claims it, so a webhook and a poller racing on a new directory register it
 * once; a batch whose write failed gives its claims back, so the directory's next event registers it again.
 */
@Singleton
public final class KnownDirectories {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** The changes of a batch of events, and the directories it registers (claimed unless the write fails). */
    public record Batch(List<DirectoryChange> changes, Set<String> claimed) {
    }

    public Batch plan(List<Mapped> events, ChangeSource source, Instant receivedAt) {
        List<DirectoryChange> changes = new ArrayList<>();
        Set<String> claimed = new LinkedHashSet<>();
        for (Mapped m : events) {
            if (m.status() != WorkosEventMapper.Status.MAPPED) {
                continue;
            }
            String dir = m.directoryId();
            boolean announces = m.eventType().equals("dsync.activated") || m.eventType().equals("dsync.deleted");
            // add() is the claim: true for exactly one batch, whichever thread plans it.
            if (announces) {
                seen.add(dir);
            } else if (seen.add(dir)) {
                claimed.add(dir);
                changes.add(WorkosEventMapper.firstSight(dir, m.organizationId(), source, receivedAt));
            }
            changes.addAll(m.changes());
        }
        return new Batch(changes, claimed);
    }

    /** The batch's changes are not on the log: its directories are registered by whichever batch names them next. */
    public void failed(Batch batch) {
        seen.removeAll(batch.claimed());
    }
}
