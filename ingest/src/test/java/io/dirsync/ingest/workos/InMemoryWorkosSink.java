package io.dirsync.ingest.workos;

import io.dirsync.ingest.BackendUnavailableException;
import io.dirsync.schemas.DirectoryChange;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the broker in HTTP tests of the webhook edge: records what was appended, or fails on demand. */
@Singleton
@Requires(env = "test")
final class InMemoryWorkosSink implements WorkosChangeSink {

    final List<DirectoryChange> appended = new CopyOnWriteArrayList<>();
    volatile boolean unavailable;

    @Override
    public void append(List<DirectoryChange> changes) {
        if (unavailable) {
            throw new BackendUnavailableException("test: broker down", null);
        }
        appended.addAll(changes);
    }

    void reset() {
        appended.clear();
        unavailable = false;
    }
}
