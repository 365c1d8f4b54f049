package io.dirsync.schemas;

/** A record that is not a valid single-object encoding of the expected contract type. */
public final class UndecodableRecordException extends RuntimeException {

    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
