package dev.tokengate.audit.classify;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.core.table.Session;
import dev.tokengate.core.table.TokenIds;
import dev.tokengate.core.table.TokenTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides what one token-table stream record means for the audit. Pure: no clock, no I/O, and it never throws for
 * bad input. A record it cannot read as a token-table change is answered with {@link AuditKind#MALFORMED} and
 * whatever could be read, so a poison record is audited once instead of blocking its shard forever.
 */
public final class RecordClassifier {
    /** The {@code userIdentity} DynamoDB puts on records of items its TTL process deleted. */
    public static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";
    public static final String TTL_IDENTITY_TYPE = "Service";

    /** Epoch seconds of up to 12 digits reach the year 33658: anything larger is not a time tokengate wrote. */
    static final int MAX_EPOCH_SECONDS_DIGITS = 12;
    private static final BigDecimal EPOCH_SECONDS_LIMIT = BigDecimal.TEN.pow(MAX_EPOCH_SECONDS_DIGITS);

    static final String INSERT = "INSERT";
    static final String MODIFY = "MODIFY";
    static final String REMOVE = "REMOVE";

    public Classification classify(StreamChange change) {
        Item item = Item.read(change);
        String recordId = recordId(change);
        try {
            return classify(change, item, recordId);
        } catch (Garbled garbled) {
            return malformed(change, item, recordId, garbled.getMessage());
        }
    }

    private Classification classify(StreamChange change, Item item, String recordId) {
        if (isReplayRecord(item.partitionKey)) {
            return new Skip(Skip.Reason.REPLAY_RECORD, change.eventId(), null);
        }
        String operation = change.eventName();
        if (!INSERT.equals(operation) && !MODIFY.equals(operation) && !REMOVE.equals(operation)) {
            return malformed(change, item, recordId, "eventName is missing or not INSERT, MODIFY or REMOVE");
        }
        if (item.partitionKey == null || item.sortKey == null) {
            return malformed(change, item, recordId, "PK or SK is missing or not a string");
        }
        if (TokenTable.isBookkeeping(item.partitionKey)) {
            // the revocation API's flush leases: no revocation state, and written about once a second per stage
            return new Skip(Skip.Reason.BOOKKEEPING, change.eventId(), null);
        }
        if (item.session != null) {
            return session(change, item, recordId);
        }
        if (item.user == null || item.kind == null) {
            return malformed(change, item, recordId,
                    "key is not a token-table item (USER#<issuerId>#<sub> with TOKEN#, FAMILY# or REVOKED_BEFORE)");
        }
        if (REMOVE.equals(operation)) {
            return removal(change, item, recordId);
        }
        if (change.newImage() == null) {
            return malformed(change, item, recordId, operation + " without NewImage (the stream must be NEW_AND_OLD_IMAGES)");
        }
        if (MODIFY.equals(operation) && change.oldImage() == null) {
            return malformed(change, item, recordId, "MODIFY without OldImage (the stream must be NEW_AND_OLD_IMAGES)");
        }
        return switch (item.kind) {
            case TOKEN, FAMILY -> revocation(change, item, recordId, AuditKind.revocationOf(item.kind));
            case USER -> revokeAll(change, item, recordId);
        };
    }

    /**
     * A session the issuer ended ({@code SESSION#<issuerId>#<sid>}): audited when it becomes revoked, as weakened when
     * it stops being revoked, and removals as for every item. It lands in its user's trail when the logout named one.
     */
    private Classification session(StreamChange change, Item item, String recordId) {
        String operation = change.eventName();
        if (REMOVE.equals(operation)) {
            return removal(change, item, recordId);
        }
        if (change.newImage() == null || (MODIFY.equals(operation) && change.oldImage() == null)) {
            return malformed(change, item, recordId, operation + " without the images NEW_AND_OLD_IMAGES gives");
        }
        boolean revokedNow = revoked(change.newImage(), "NewImage");
        boolean revokedBefore = MODIFY.equals(operation) && revoked(change.oldImage(), "OldImage");
        if (revokedNow && !revokedBefore) {
            return entry(AuditKind.IDP_SESSION_REVOKED, change, item, recordId,
                    orUnknown(string(change.newImage(), TokenTable.REVOKED_BY)),
                    string(change.newImage(), TokenTable.REASON), null);
        }
        if (revokedBefore && !revokedNow) {
            return weakened(change, item, recordId, null, "revoked went from true to false");
        }
        return new Skip(Skip.Reason.UNCHANGED, change.eventId(), item.user);
    }

    /**
     * Replay records (a DPoP proof's {@code jti}, say) are one-time values, not revocation state, and come at request
     * rate: never audited. The event source mapping filters them out before they get here; this is the second line.
     */
    static boolean isReplayRecord(String partitionKey) {
        return partitionKey != null && partitionKey.startsWith(TokenTable.REPLAY_PREFIX);
    }

    /**
     * Token and family items: audited when they become revoked, and as weakened when they stop being revoked; a
     * token inserted unrevoked is a registration.
     */
    private Classification revocation(StreamChange change, Item item, String recordId, AuditKind kind) {
        boolean revokedNow = revoked(change.newImage(), "NewImage");
        if (INSERT.equals(change.eventName())) {
            if (revokedNow) {
                return revocationEntry(change, item, recordId, kind);
            }
            if (item.kind == RevocationKind.TOKEN) {
                return entry(AuditKind.REGISTERED, change, item, recordId, AuditEntry.UNKNOWN_ACTOR, null, null);
            }
            // a family item only matters once revoked; an unrevoked one records nothing yet
            return new Skip(Skip.Reason.UNCHANGED, change.eventId(), item.user);
        }
        boolean revokedBefore = revoked(change.oldImage(), "OldImage");
        if (!revokedBefore && revokedNow) {
            return revocationEntry(change, item, recordId, kind);
        }
        if (revokedBefore && !revokedNow) {
            return weakened(change, item, recordId, null, "revoked went from true to false");
        }
        return new Skip(Skip.Reason.UNCHANGED, change.eventId(), item.user);
    }

    private AuditEntry revocationEntry(StreamChange change, Item item, String recordId, AuditKind kind) {
        Map<String, Value> image = change.newImage();
        String actor = orUnknown(string(image, TokenTable.REVOKED_BY));
        return entry(kind, change, item, recordId, actor, string(image, TokenTable.REASON), null);
    }

    /**
     * {@code REVOKED_BEFORE}: audited when set, or moved forward (every token issued before it is revoked), and as
     * weakened when moved back.
     */
    private Classification revokeAll(StreamChange change, Item item, String recordId) {
        BigDecimal now = epochSeconds(change.newImage(), "NewImage");
        if (now == null) {
            throw new Garbled("NewImage of REVOKED_BEFORE has no revokedBefore");
        }
        if (MODIFY.equals(change.eventName())) {
            BigDecimal before = epochSeconds(change.oldImage(), "OldImage");
            if (before != null) {
                int order = now.compareTo(before);
                if (order == 0) {
                    return new Skip(Skip.Reason.UNCHANGED, change.eventId(), item.user);
                }
                if (order < 0) {
                    return weakened(change, item, recordId, now.toPlainString(), "revokedBefore moved back");
                }
            }
        }
        Map<String, Value> image = change.newImage();
        String actor = orUnknown(string(image, TokenTable.REVOKED_BY));
        boolean byIdentityProvider = RevocationSource.named(string(image, TokenTable.SOURCE))
                .map(RevocationSource::isIdentityProvider).orElse(false);
        return entry(byIdentityProvider ? AuditKind.IDP_USER_REVOKED_ALL : AuditKind.USER_REVOKED_ALL, change, item,
                recordId, actor, string(image, TokenTable.REASON), now.toPlainString());
    }

    /**
     * Revocation state taken back. The new image's {@code revokedBy} names who revoked, not who took it back, and
     * the stream does not say who did: the actor is unknown.
     */
    private static AuditEntry weakened(StreamChange change, Item item, String recordId, String revokedBefore,
                                       String detail) {
        return new AuditEntry(AuditKind.REVOCATION_WEAKENED, recordId, item.user, item.session, item.jti(), item.originJti(),
                AuditEntry.UNKNOWN_ACTOR, string(change.newImage(), TokenTable.REASON), change.changedAt(),
                change.eventName(), change.sequenceNumber(), revokedBefore, detail);
    }

    /** Only DynamoDB's TTL process removes items legitimately; anything else deleted revocation state by hand. */
    private Classification removal(StreamChange change, Item item, String recordId) {
        StreamChange.Identity identity = change.identity();
        boolean byTtl = identity != null
                && TTL_IDENTITY_TYPE.equals(identity.type())
                && TTL_PRINCIPAL.equals(identity.principalId());
        Map<String, Value> old = change.oldImage();
        String reason = old == null ? null : string(old, TokenTable.REASON);
        String revokedBefore = item.kind == RevocationKind.USER ? readableEpochSeconds(old) : null;
        if (byTtl) {
            return entry(AuditKind.EXPIRED, change, item, recordId, TTL_PRINCIPAL, reason, revokedBefore);
        }
        String actor = orUnknown(identity == null ? null : blankToNull(identity.principalId()));
        return entry(AuditKind.DELETED, change, item, recordId, actor, reason, revokedBefore);
    }

    private AuditEntry malformed(StreamChange change, Item item, String recordId, String detail) {
        Map<String, Value> image = change.newImage() != null ? change.newImage() : change.oldImage();
        String actor = image == null ? null : string(image, TokenTable.REVOKED_BY);
        if (actor == null && change.identity() != null) {
            actor = blankToNull(change.identity().principalId());
        }
        String reason = image == null ? null : string(image, TokenTable.REASON);
        return new AuditEntry(AuditKind.MALFORMED, recordId, item.user, item.session, item.jti(), item.originJti(), orUnknown(actor),
                reason, change.changedAt(), change.eventName(), change.sequenceNumber(), null, detail);
    }

    private static AuditEntry entry(AuditKind kind, StreamChange change, Item item, String recordId, String actor,
                                    String reason, String revokedBefore) {
        return new AuditEntry(kind, recordId, item.user, item.session, item.jti(), item.originJti(), actor, reason,
                change.changedAt(), change.eventName(), change.sequenceNumber(), revokedBefore, null);
    }

    /** An absent {@code revoked} means not revoked; anything but a boolean means the image is garbled. */
    private static boolean revoked(Map<String, Value> image, String which) {
        Value value = image.get(TokenTable.REVOKED);
        if (value == null) {
            return false;
        }
        if (value instanceof Value.Bool bool) {
            return bool.value();
        }
        throw new Garbled(which + " has a revoked attribute that is not a boolean");
    }

    private static BigDecimal epochSeconds(Map<String, Value> image, String which) {
        Value value = image.get(TokenTable.REVOKED_BEFORE);
        if (value == null) {
            return null;
        }
        if (value instanceof Value.Num number) {
            BigDecimal seconds;
            try {
                seconds = new BigDecimal(number.value());
            } catch (NumberFormatException e) {
                throw new Garbled(which + " has a revokedBefore that is not a number");
            }
            if (!isSaneEpochSeconds(seconds)) {
                // written to the audit item as a number, such a value (1e400, 41 digits) would make DynamoDB
                // refuse the write on every redelivery and block the shard
                throw new Garbled(which + " has a revokedBefore that is not whole epoch seconds of at most "
                        + MAX_EPOCH_SECONDS_DIGITS + " digits");
            }
            return seconds;
        }
        throw new Garbled(which + " has a revokedBefore that is not a number");
    }

    private static boolean isSaneEpochSeconds(BigDecimal value) {
        return value.signum() >= 0
                && value.compareTo(EPOCH_SECONDS_LIMIT) < 0
                && value.stripTrailingZeros().scale() <= 0;
    }

    private static String readableEpochSeconds(Map<String, Value> image) {
        if (image == null) {
            return null;
        }
        try {
            BigDecimal value = epochSeconds(image, "OldImage");
            return value == null ? null : value.toPlainString();
        } catch (Garbled garbled) {
            return null;
        }
    }

    private static String string(Map<String, Value> image, String name) {
        return image.get(name) instanceof Value.Str str ? blankToNull(str.value()) : null;
    }

    private static String orUnknown(String actor) {
        return actor == null ? AuditEntry.UNKNOWN_ACTOR : actor;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The record's identity for the audit key: its {@code eventID}. A record without one (only a hand-made or
     * damaged event) falls back to its sequence number, then to a digest of its content, so a replay still maps
     * to the same audit item.
     */
    static String recordId(StreamChange change) {
        if (blankToNull(change.eventId()) != null) {
            return change.eventId();
        }
        if (blankToNull(change.sequenceNumber()) != null) {
            return "SEQ-" + change.sequenceNumber();
        }
        String canonical = String.join("|",
                String.valueOf(change.eventName()),
                String.valueOf(change.changedAt()),
                String.valueOf(sorted(change.keys())),
                String.valueOf(sorted(change.oldImage())),
                String.valueOf(sorted(change.newImage())),
                String.valueOf(change.identity()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "SHA256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private static Map<String, Value> sorted(Map<String, Value> map) {
        return map == null ? null : new TreeMap<>(map);
    }

    /** The item's key, read from {@code Keys} or, where {@code Keys} lacks it, from the images (which carry the key too). */
    private record Item(String partitionKey, String sortKey, Principal user, RevocationKind kind, Session session) {
        static Item read(StreamChange change) {
            String pk = key(change, TokenTable.PARTITION_KEY);
            String sk = key(change, TokenTable.SORT_KEY);
            Session session = TokenTable.SESSION_SORT_KEY.equals(sk) ? TokenTable.sessionOf(pk).orElse(null) : null;
            if (session != null) {
                return new Item(pk, sk, sessionUser(change, session), null, session);
            }
            return new Item(pk, sk, TokenTable.principalOf(pk).orElse(null),
                    RevocationKind.ofSortKey(sk).orElse(null), null);
        }

        /** The user a session item names ({@code sub}, when the logout named one too), within the session's issuer. */
        private static Principal sessionUser(StreamChange change, Session session) {
            Map<String, Value> image = change.newImage() != null ? change.newImage() : change.oldImage();
            String sub = image == null ? null : string(image, TokenTable.SUB);
            return sub != null && TokenIds.isValid(sub) ? new Principal(session.issuerId(), sub) : null;
        }

        String jti() {
            return kind == RevocationKind.TOKEN ? kind.idOf(sortKey).orElse(null) : null;
        }

        String originJti() {
            return kind == RevocationKind.FAMILY ? kind.idOf(sortKey).orElse(null) : null;
        }

        private static String key(StreamChange change, String name) {
            if (change.keys() != null && change.keys().containsKey(name)) {
                // a key of the wrong type is garbled; the images are no better authority than Keys
                return stringKey(change.keys(), name);
            }
            String fromNew = stringKey(change.newImage(), name);
            return fromNew != null ? fromNew : stringKey(change.oldImage(), name);
        }

        private static String stringKey(Map<String, Value> source, String name) {
            return source != null && source.get(name) instanceof Value.Str str && !str.value().isEmpty()
                    ? str.value() : null;
        }
    }

    /** A record whose image contradicts the table's data model; cheap, because bad input is expected here. */
    private static final class Garbled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Garbled(String detail) {
            super(detail, null, false, false);
        }
    }
}
