package io.dirsync.ingest.workos;

import io.dirsync.schemas.DirectoryChange;
import java.util.List;

/**
 * Where webhook changes go: appended to the change log and acknowledged by the broker (acks=all), without waiting
 * for the projector (a webhook needs durability, not an outcome).
 */
public interface WorkosChangeSink {

    /**
     * Appends the changes in order and returns once the broker acknowledged every one of them.
     *
     * @throws io.dirsync.ingest.BackendUnavailableException when that is not confirmed in time
     */
    void append(List<DirectoryChange> changes);
}
