package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationFlag;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.TableNumbers;
import dev.tokengate.core.table.TokenTable;
import java.math.BigDecimal;
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

    static RevocationRecord toRecord(RevocationKind kind, Principal user, Optional<String> id,
                                     Map<String, AttributeValue> item) {
        boolean revoked = kind.hasId()
                ? RevocationFlag.readsAsRevoked(item) // as the authorizer reads it: reporting otherwise would contradict it
                : item.containsKey(TokenTable.REVOKED_BEFORE);
        return new RevocationRecord(kind, user, id, revoked,
                number(item, TokenTable.REVOKED_AT).orElse(0L),
                string(item, TokenTable.REVOKED_BY).orElse(""),
                string(item, TokenTable.REVOKED_BY_ISSUER_ID),
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
        return TableNumbers.epochSeconds(item.get(name)).map(BigDecimal::longValue);
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
