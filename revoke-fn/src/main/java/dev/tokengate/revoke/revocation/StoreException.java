package dev.tokengate.revoke.revocation;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * DynamoDB did not do what was asked. {@code transientFailure} separates what a retry may fix (throttling,
 * timeouts, service errors: 503) from what it will not (a missing table, missing permissions: 500). Carries no
 * stack trace: the cause class name is logged, nothing more is ever shown to a caller.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean transientFailure;
    private final String causeType;

    public StoreException(boolean transientFailure, String causeType) {
        super("token table unavailable (" + causeType + ")", null, false, false);
        this.transientFailure = transientFailure;
        this.causeType = causeType;
    }

    /** The classification every token-table writer shares: what a retry may fix, and what it will not. */
    public static StoreException of(SdkException e) {
        return TableItems.classify(e);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String causeType() {
        return causeType;
    }
}
