package io.dirsync.projector.lifecycle;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the change log as the core sees it. Time and ids arrive here as data (stamped by ingest),
 * which is what keeps the fold a pure function of the log.
 */
public record Change(
        String changeId,
        String directoryId,
        String source,
        Instant receivedAt,
        Optional<Instant> occurredAt,
        Optional<String> requestId,
        Optional<Long> expectedVersion,
        Operation operation) {
}
