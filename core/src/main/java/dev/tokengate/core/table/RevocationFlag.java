package dev.tokengate.core.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The named readings of a token or family item's {@code revoked} attribute. Two readings exist on purpose, and this
 * is the one place that says how they relate:
 * <ul>
 *   <li>{@link #readsAsRevoked}: the authorizer's fail-closed reading, which the revocation API also reports: absent
 *   is not revoked, BOOL is its value, and any other type counts as revoked (a damaged item never lets a token
 *   through);</li>
 *   <li>{@link #isBooleanTrue}: what the writer's condition {@link #NOT_BOOLEAN_TRUE} tests: only BOOL true is "already
 *   revoked", so an item un-revoked by hand (or damaged) is written again as BOOL true rather than reported as done.</li>
 * </ul>
 * The audit classifier reads the flag strictly (a non-boolean is a garbled record); it names its own reading.
 */
public final class RevocationFlag {
    /**
     * The writer's condition, in DynamoDB's expression syntax with {@code #revoked} and {@code :true} bound: "this
     * item is not revoked (as a BOOL true) yet". {@link #isBooleanTrue} is its negation on a read item.
     */
    public static final String NOT_BOOLEAN_TRUE = "attribute_not_exists(#revoked) OR #revoked <> :true";

    private RevocationFlag() {
    }

    /** The authorizer's reading: revoked unless absent or BOOL false. */
    public static boolean readsAsRevoked(Map<String, AttributeValue> item) {
        AttributeValue revoked = item.get(TokenTable.REVOKED);
        if (revoked == null) {
            return false;
        }
        return revoked.bool() == null || revoked.bool();
    }

    /** The writer's reading: revoked only as BOOL true. */
    public static boolean isBooleanTrue(Map<String, AttributeValue> item) {
        AttributeValue revoked = item.get(TokenTable.REVOKED);
        return revoked != null && Boolean.TRUE.equals(revoked.bool());
    }
}
