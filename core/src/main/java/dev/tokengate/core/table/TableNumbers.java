package dev.tokengate.core.table;

import java.math.BigDecimal;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Numbers in token-table items ({@code ttl}, {@code exp}, {@code revokedAt}, {@code revokedBefore}): epoch seconds. */
public final class TableNumbers {
    private TableNumbers() {
    }

    /** The value of a number attribute; empty when absent, not a number, or unparsable. */
    public static Optional<BigDecimal> epochSeconds(AttributeValue value) {
        if (value == null || value.n() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(value.n()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static AttributeValue of(long epochSeconds) {
        return AttributeValue.fromN(Long.toString(epochSeconds));
    }
}
