package dev.tokengate.audit.classify;

import java.time.Instant;
import java.util.Map;

/**
 * One DynamoDB stream record, as far as the audit cares: the change and the item images, independent of the event
 * classes the Lambda runtime delivers. Every field may be missing ({@code null}): the stream, a redrive or a
 * hand-written test event can all be incomplete, and the classifier decides what that means.
 *
 * @param eventId the stream record's unique id (the audit's idempotency key)
 * @param eventName {@code INSERT}, {@code MODIFY} or {@code REMOVE} as delivered (anything else is malformed)
 * @param sequenceNumber the record's position in its shard (what a partial batch failure names)
 * @param changedAt {@code ApproximateCreationDateTime}
 * @param keys the item's key attributes
 * @param oldImage the item before the change
 * @param newImage the item after the change
 * @param identity who made the change, when the stream says (only the TTL service does)
 */
public record StreamChange(
        String eventId,
        String eventName,
        String sequenceNumber,
        Instant changedAt,
        Map<String, Value> keys,
        Map<String, Value> oldImage,
        Map<String, Value> newImage,
        Identity identity) {

    /** The stream record's {@code userIdentity}. */
    public record Identity(String type, String principalId) {
    }

    public StreamChange {
        keys = keys == null ? null : Map.copyOf(keys);
        oldImage = oldImage == null ? null : Map.copyOf(oldImage);
        newImage = newImage == null ? null : Map.copyOf(newImage);
    }
}
