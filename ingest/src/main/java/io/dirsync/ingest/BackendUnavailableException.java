package io.dirsync.ingest;

/**
 * The broker or the projector could not confirm in time. Never a client's mistake: answered 503 with
 * Retry-After, and never with a false 2xx.
 */
public final class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
