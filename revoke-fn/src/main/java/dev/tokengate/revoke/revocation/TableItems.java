package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.TokenTable;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item-to-record mapping and SDK failure classification shared by the writer and the reader. */
final class TableItems {
    private TableItems() {
    }

    static RevocationRecord toRecord(RevocationRecord.Kind kind, String sub, Optional<String> id,
                                     Map<String, AttributeValue> item) {
        boolean revoked = kind == RevocationRecord.Kind.USER
                ? item.containsKey(TokenTable.REVOKED_BEFORE)
                : isRevoked(item);
        return new RevocationRecord(kind, sub, id, revoked,
                number(item, TokenTable.REVOKED_AT).orElse(0L),
                string(item, TokenTable.REVOKED_BY).orElse(""),
                string(item, TokenTable.REASON),
                number(item, TokenTable.REVOKED_BEFORE),
                number(item, TokenTable.EXP),
                number(item, TokenTable.TTL).orElse(0L));
    }

    static Optional<String> string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    static Optional<Long> number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new java.math.BigDecimal(value.n()).longValue());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a token or family item is revoked, read exactly as the authorizer reads it: a missing {@code revoked}
     * is not revoked, a {@code revoked} of any type other than BOOL is (the authorizer fails closed on it, so
     * reporting it as not revoked would contradict what the authorizer does).
     */
    static boolean isRevoked(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(TokenTable.REVOKED);
        if (value == null) {
            return false;
        }
        return value.bool() == null || value.bool();
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /**
     * Throttling, timeouts, I/O and 5xx answers may pass with a retry (503); anything else the service refused
     * (missing table, missing permission, invalid request) will not (500).
     */
    static StoreException classify(SdkException e) {
        if (e instanceof SdkClientException) {
            return new StoreException(true, e.getClass().getSimpleName());
        }
        if (e instanceof AwsServiceException service) {
            boolean transientFailure = service.isThrottlingException() || service.statusCode() >= 500;
            return new StoreException(transientFailure, e.getClass().getSimpleName());
        }
        return new StoreException(true, e.getClass().getSimpleName());
    }
}
