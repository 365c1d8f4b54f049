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
 * Directories count as seen only once the batch naming them is acknowledged, so a failed write registers again.
 */
@Singleton
public final class KnownDirectories {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** The changes of a batch of events, and the directories it makes known once written. */
    public record Batch(List<DirectoryChange> changes, Set<String> directories) {
    }

    public Batch plan(List<Mapped> events, ChangeSource source, Instant receivedAt) {
        List<DirectoryChange> changes = new ArrayList<>();
        Set<String> directories = new LinkedHashSet<>();
        for (Mapped m : events) {
            if (m.status() != WorkosEventMapper.Status.MAPPED) {
                continue;
            }
            String dir = m.directoryId();
            boolean announces = m.eventType().equals("dsync.activated") || m.eventType().equals("dsync.deleted");
            if (!announces && !seen.contains(dir) && !directories.contains(dir)) {
                changes.add(WorkosEventMapper.firstSight(dir, m.organizationId(), source, receivedAt));
            }
            directories.add(dir);
            changes.addAll(m.changes());
        }
        return new Batch(changes, directories);
    }

    public void written(Batch batch) {
        seen.addAll(batch.directories());
    }
}
