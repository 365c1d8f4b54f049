package io.dirsync.ingest.changelog;

import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.DirectoryChange;

/**
 * The port to the log of record: append a change and wait for the projector's outcome of it.
 * Implementations answer only after the broker acknowledged the write (acks=all).
 */
public interface ChangeLog {

    /**
     * Appends {@code change} (which must carry a requestId) and returns its outcome.
     *
     * @throws io.dirsync.ingest.BackendUnavailableException when the write or the outcome is not confirmed in time
     */
    ChangeOutcome submit(DirectoryChange change);
}
