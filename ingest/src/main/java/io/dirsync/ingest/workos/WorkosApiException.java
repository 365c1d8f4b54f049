package io.dirsync.ingest.workos;

/** WorkOS answered with an error that retrying did not cure (or that retrying cannot cure, such as a bad API key). */
public final class WorkosApiException extends Exception {

    private final int status;

    public WorkosApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when WorkOS was not reached. */
    public int status() {
        return status;
    }
}
