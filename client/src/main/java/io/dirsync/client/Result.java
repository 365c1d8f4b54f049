package io.dirsync.client;

import io.dirsync.schemas.AckOutcome;

/**
 * What a handler did with a command: {@link AckOutcome#APPLIED} or {@link AckOutcome#NOT_APPLICABLE} (e.g. a
 * deprovision of a user the app never had), with an optional human-readable detail for the ack.
 */
public record Result(AckOutcome outcome, String detail) {

    public Result {
        if (outcome != AckOutcome.APPLIED && outcome != AckOutcome.NOT_APPLICABLE) {
            // FAILED is the kit's to report (by throwing, the handler lets the kit retry and park).
            throw new IllegalArgumentException("a handler returns APPLIED or NOT_APPLICABLE, not " + outcome);
        }
    }

    public static Result applied() {
        return new Result(AckOutcome.APPLIED, null);
    }

    public static Result applied(String detail) {
        return new Result(AckOutcome.APPLIED, detail);
    }

    public static Result notApplicable(String detail) {
        return new Result(AckOutcome.NOT_APPLICABLE, detail);
    }
}
