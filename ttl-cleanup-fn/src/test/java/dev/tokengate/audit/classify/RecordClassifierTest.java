package dev.tokengate.audit.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordClassifierTest {
    private static final Instant AT = Instant.parse("2025-12-01T10:15:30.250Z");
    private static final String SUB = "alice";
    private static final String JTI = "jti-1";

    private final RecordClassifier classifier = new RecordClassifier();

    // ---- token items

    @Test
    void tokenThatBecomesRevokedIsRevokedWithActorAndReason() {
        AuditEntry entry = audited(change("MODIFY", tokenKey(),
                token(i -> i.put("revoked", new Value.Bool(false))),
                token(i -> revoke(i, "admin-9", "stolen"))));

        assertThat(entry.kind()).isEqualTo(AuditKind.REVOKED);
        assertThat(entry.sub()).isEqualTo(SUB);
        assertThat(entry.jti()).isEqualTo(JTI);
        assertThat(entry.originJti()).isNull();
        assertThat(entry.actor()).isEqualTo("admin-9");
        assertThat(entry.reason()).isEqualTo("stolen");
        assertThat(entry.changedAt()).isEqualTo(AT);
        assertThat(entry.recordId()).isEqualTo("evt-1");
        assertThat(entry.sequenceNumber()).isEqualTo("100");
        assertThat(entry.eventName()).isEqualTo("MODIFY");
    }

    @Test
    void tokenWithoutRevokedAttributeBeforeCountsAsNotRevoked() {
        AuditEntry entry = audited(change("MODIFY", tokenKey(), token(i -> { }), token(i -> revoke(i, "alice", null))));

        assertThat(entry.kind()).isEqualTo(AuditKind.REVOKED);
        assertThat(entry.reason()).isNull();
    }

    @Test
    void tokenInsertedAlreadyRevokedIsRevoked() {
        assertThat(audited(change("INSERT", tokenKey(), null, token(i -> revoke(i, "alice", "logout")))).kind())
                .isEqualTo(AuditKind.REVOKED);
    }

    @Test
    void tokenInsertedNotRevokedIsRegistration() {
        AuditEntry entry = audited(change("INSERT", tokenKey(), null, token(i -> i.put("revoked", new Value.Bool(false)))));

        assertThat(entry.kind()).isEqualTo(AuditKind.REGISTERED);
        assertThat(entry.actor()).isEqualTo(AuditEntry.UNKNOWN_ACTOR);
        assertThat(entry.jti()).isEqualTo(JTI);
    }

    @Test
    void revokedWithoutRevokedByHasUnknownActor() {
        assertThat(audited(change("INSERT", tokenKey(), null, token(i -> i.put("revoked", new Value.Bool(true))))).actor())
                .isEqualTo("unknown");
    }

    @Test
    void modifyThatKeepsTheRevocationStateIsSkipped() {
        Classification result = classifier.classify(change("MODIFY", tokenKey(),
                token(i -> revoke(i, "alice", "logout")),
                token(i -> {
                    revoke(i, "alice", "logout");
                    i.put("ttl", new Value.Num("1999999999"));
                })));

        assertThat(result).isEqualTo(new Skip(Skip.Reason.UNCHANGED, "evt-1", new Principal("default", SUB)));
    }

    @Test
    void tokenThatIsUnrevokedIsAuditedAsWeakenedByAnUnknownActor() {
        AuditEntry entry = audited(change("MODIFY", tokenKey(),
                token(i -> revoke(i, "alice", "logout")), token(i -> {
                    revoke(i, "alice", "logout");
                    i.put("revoked", new Value.Bool(false));
                })));

        assertThat(entry.kind()).isEqualTo(AuditKind.REVOCATION_WEAKENED);
        assertThat(entry.sub()).isEqualTo(SUB);
        assertThat(entry.jti()).isEqualTo(JTI);
        // revokedBy still names who revoked, not who took it back
        assertThat(entry.actor()).isEqualTo(AuditEntry.UNKNOWN_ACTOR);
        assertThat(entry.detail()).isEqualTo("revoked went from true to false");
        assertThat(entry.recordId()).isEqualTo("evt-1");
    }

    @Test
    void tokenWhoseRevokedAttributeIsRemovedIsAuditedAsWeakened() {
        assertThat(audited(change("MODIFY", tokenKey(), token(i -> revoke(i, "alice", null)), token(i -> { })))
                .kind()).isEqualTo(AuditKind.REVOCATION_WEAKENED);
    }

    // ---- family items

    @Test
    void familyThatBecomesRevokedIsFamilyRevoked() {
        AuditEntry inserted = audited(change("INSERT", familyKey(), null, family(i -> revoke(i, "alice", "reuse"))));
        AuditEntry modified = audited(change("MODIFY", familyKey(),
                family(i -> i.put("revoked", new Value.Bool(false))), family(i -> revoke(i, "alice", "reuse"))));

        for (AuditEntry entry : new AuditEntry[] {inserted, modified}) {
            assertThat(entry.kind()).isEqualTo(AuditKind.FAMILY_REVOKED);
            assertThat(entry.originJti()).isEqualTo("fam-1");
            assertThat(entry.jti()).isNull();
            assertThat(entry.reason()).isEqualTo("reuse");
        }
    }

    @Test
    void familyThatIsUnrevokedIsAuditedAsWeakened() {
        AuditEntry entry = audited(change("MODIFY", familyKey(),
                family(i -> revoke(i, "alice", "reuse")), family(i -> i.put("revoked", new Value.Bool(false)))));

        assertThat(entry.kind()).isEqualTo(AuditKind.REVOCATION_WEAKENED);
        assertThat(entry.originJti()).isEqualTo("fam-1");
    }

    @Test
    void familyInsertedUnrevokedIsSkipped() {
        assertThat(classifier.classify(change("INSERT", familyKey(), null, family(i -> { }))))
                .isEqualTo(new Skip(Skip.Reason.UNCHANGED, "evt-1", new Principal("default", SUB)));
    }

    // ---- revoke-all

    @Test
    void revokedBeforeSetIsUserRevokedAll() {
        AuditEntry entry = audited(change("INSERT", revokedBeforeKey(), null, revokedBefore("1764547200")));

        assertThat(entry.kind()).isEqualTo(AuditKind.USER_REVOKED_ALL);
        assertThat(entry.revokedBefore()).isEqualTo("1764547200");
        assertThat(entry.actor()).isEqualTo("admin-9");
        assertThat(entry.jti()).isNull();
    }

    @Test
    void revokedBeforeMovedForwardIsUserRevokedAll() {
        assertThat(audited(change("MODIFY", revokedBeforeKey(), revokedBefore("100"), revokedBefore("200"))).revokedBefore())
                .isEqualTo("200");
    }

    @Test
    void revokedBeforeRewrittenWithTheSameValueIsSkipped() {
        assertThat(classifier.classify(change("MODIFY", revokedBeforeKey(), revokedBefore("200"), revokedBefore("200.0"))))
                .isEqualTo(new Skip(Skip.Reason.UNCHANGED, "evt-1", new Principal("default", SUB)));
    }

    @Test
    void revokedBeforeMovedBackIsAuditedAsWeakened() {
        AuditEntry entry = audited(change("MODIFY", revokedBeforeKey(), revokedBefore("200"), revokedBefore("100")));

        assertThat(entry.kind()).isEqualTo(AuditKind.REVOCATION_WEAKENED);
        assertThat(entry.revokedBefore()).isEqualTo("100");
        assertThat(entry.actor()).isEqualTo(AuditEntry.UNKNOWN_ACTOR);
        assertThat(entry.detail()).isEqualTo("revokedBefore moved back");
    }

    @Test
    void revokedBeforeOfTwelveDigitsIsStillATime() {
        assertThat(audited(change("INSERT", revokedBeforeKey(), null, revokedBefore("999999999999"))).kind())
                .isEqualTo(AuditKind.USER_REVOKED_ALL);
    }

    // ---- removals

    @Test
    void removalByTheTtlServiceIsExpired() {
        StreamChange change = removal(new StreamChange.Identity("Service", "dynamodb.amazonaws.com"));

        AuditEntry entry = audited(change);

        assertThat(entry.kind()).isEqualTo(AuditKind.EXPIRED);
        assertThat(entry.actor()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(entry.reason()).isEqualTo("logout");
        assertThat(entry.jti()).isEqualTo(JTI);
    }

    @Test
    void removalWithoutIdentityIsDeletedByUnknown() {
        AuditEntry entry = audited(removal(null));

        assertThat(entry.kind()).isEqualTo(AuditKind.DELETED);
        assertThat(entry.actor()).isEqualTo("unknown");
    }

    @ParameterizedTest
    @MethodSource("identitiesThatAreNotTheTtlService")
    void removalByAnyoneButTheTtlServiceIsDeleted(StreamChange.Identity identity, String actor) {
        AuditEntry entry = audited(removal(identity));

        assertThat(entry.kind()).isEqualTo(AuditKind.DELETED);
        assertThat(entry.actor()).isEqualTo(actor);
    }

    static Stream<Arguments> identitiesThatAreNotTheTtlService() {
        return Stream.of(
                Arguments.of(new StreamChange.Identity("Service", "lambda.amazonaws.com"), "lambda.amazonaws.com"),
                Arguments.of(new StreamChange.Identity("User", "dynamodb.amazonaws.com"), "dynamodb.amazonaws.com"),
                Arguments.of(new StreamChange.Identity("service", "dynamodb.amazonaws.com"), "dynamodb.amazonaws.com"),
                Arguments.of(new StreamChange.Identity(null, null), "unknown"));
    }

    @Test
    void removalOfRevokeAllKeepsTheRevokedBeforeItHad() {
        StreamChange change = new StreamChange("evt-1", "REMOVE", "100", AT, revokedBeforeKey(), revokedBefore("300"),
                null, new StreamChange.Identity("Service", "dynamodb.amazonaws.com"));

        AuditEntry entry = audited(change);

        assertThat(entry.kind()).isEqualTo(AuditKind.EXPIRED);
        assertThat(entry.revokedBefore()).isEqualTo("300");
    }

    @Test
    void removalWithKeysOnlyIsStillClassified() {
        StreamChange change = new StreamChange("evt-1", "REMOVE", "100", AT, tokenKey(), null, null, null);

        assertThat(audited(change).kind()).isEqualTo(AuditKind.DELETED);
    }

    // ---- malformed

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRecords")
    void unreadableRecordsAreAuditedAsMalformed(String description, StreamChange change) {
        AuditEntry entry = audited(change);

        assertThat(entry.kind()).isEqualTo(AuditKind.MALFORMED);
        assertThat(entry.detail()).isNotBlank();
        assertThat(entry.recordId()).isEqualTo("evt-1");
    }

    static Stream<Arguments> malformedRecords() {
        Map<String, Value> revoked = token(i -> revoke(i, "alice", "x"));
        return Stream.of(
                Arguments.of("unknown eventName", change("UPSERT", tokenKey(), null, revoked)),
                Arguments.of("no eventName", change(null, tokenKey(), null, revoked)),
                Arguments.of("no keys anywhere", change("INSERT", Map.of(), null, Map.of("revoked", new Value.Bool(true)))),
                Arguments.of("key of another type", change("INSERT",
                        Map.of("PK", new Value.Num("1"), "SK", new Value.Str("TOKEN#a")), null, revoked)),
                Arguments.of("partition that is not a user", change("INSERT",
                        Map.of("PK", new Value.Str("TENANT#x"), "SK", new Value.Str("TOKEN#a")), null, revoked)),
                Arguments.of("sort key of no known item", change("INSERT",
                        Map.of("PK", new Value.Str("USER#default#alice"), "SK", new Value.Str("SESSION#a")), null, revoked)),
                Arguments.of("revoked that is not a boolean", change("INSERT", tokenKey(), null,
                        token(i -> i.put("revoked", new Value.Str("true"))))),
                Arguments.of("revoked without a type", change("INSERT", tokenKey(), null,
                        token(i -> i.put("revoked", new Value.Unreadable())))),
                Arguments.of("old revoked that is not a boolean", change("MODIFY", tokenKey(),
                        token(i -> i.put("revoked", new Value.Num("0"))), revoked)),
                Arguments.of("INSERT without NewImage", change("INSERT", tokenKey(), null, null)),
                Arguments.of("MODIFY without OldImage", change("MODIFY", tokenKey(), null, revoked)),
                Arguments.of("revokedBefore missing", change("INSERT", revokedBeforeKey(), null, Map.of())),
                Arguments.of("revokedBefore not a number", change("INSERT", revokedBeforeKey(), null,
                        Map.of("revokedBefore", new Value.Str("yesterday")))),
                Arguments.of("revokedBefore number that does not parse", change("INSERT", revokedBeforeKey(), null,
                        Map.of("revokedBefore", new Value.Num("12abc")))),
                Arguments.of("revokedBefore beyond DynamoDB's number range", change("INSERT", revokedBeforeKey(),
                        null, Map.of("revokedBefore", new Value.Num("1e400")))),
                Arguments.of("revokedBefore of 13 digits", change("INSERT", revokedBeforeKey(), null,
                        Map.of("revokedBefore", new Value.Num("1000000000000")))),
                Arguments.of("revokedBefore negative", change("INSERT", revokedBeforeKey(), null,
                        Map.of("revokedBefore", new Value.Num("-1")))),
                Arguments.of("revokedBefore with a fraction", change("INSERT", revokedBeforeKey(), null,
                        Map.of("revokedBefore", new Value.Num("1764547200.5")))),
                Arguments.of("old revokedBefore beyond range", change("MODIFY", revokedBeforeKey(),
                        Map.of("revokedBefore", new Value.Num("1e400")), revokedBefore("100"))));
    }

    @Test
    void malformedRecordKeepsWhatCouldBeRead() {
        AuditEntry entry = audited(change("INSERT", tokenKey(), null,
                token(i -> {
                    i.put("revoked", new Value.Str("yes"));
                    i.put("revokedBy", new Value.Str("admin-9"));
                    i.put("reason", new Value.Str("bulk"));
                })));

        assertThat(entry.kind()).isEqualTo(AuditKind.MALFORMED);
        assertThat(entry.sub()).isEqualTo(SUB);
        assertThat(entry.jti()).isEqualTo(JTI);
        assertThat(entry.actor()).isEqualTo("admin-9");
        assertThat(entry.reason()).isEqualTo("bulk");
        assertThat(entry.detail()).contains("revoked").doesNotContain("yes");
    }

    @Test
    void keysAreReadFromTheImageWhenTheRecordHasNone() {
        StreamChange change = new StreamChange("evt-1", "INSERT", "100", AT, null, null,
                token(i -> revoke(i, "alice", null)), null);

        assertThat(audited(change).kind()).isEqualTo(AuditKind.REVOKED);
    }

    @Test
    void anEmptyRecordIsMalformedAndStillIdentifiedTheSameWayEveryTime() {
        StreamChange empty = new StreamChange(null, null, null, null, null, null, null, null);

        AuditEntry first = audited(empty);
        AuditEntry again = audited(new StreamChange(null, null, null, null, null, null, null, null));

        assertThat(first.kind()).isEqualTo(AuditKind.MALFORMED);
        assertThat(first.sub()).isNull();
        assertThat(first.recordId()).startsWith("SHA256-").isEqualTo(again.recordId());
    }

    @Test
    void recordWithoutEventIdIsIdentifiedBySequenceNumber() {
        StreamChange change = new StreamChange(" ", "INSERT", "42", AT, tokenKey(), null, token(i -> { }), null);

        assertThat(audited(change).recordId()).isEqualTo("SEQ-42");
    }

    @Test
    void recordsWithoutIdsButDifferentContentGetDifferentIds() {
        StreamChange a = new StreamChange(null, "INSERT", null, AT, tokenKey(), null, token(i -> { }), null);
        StreamChange b = new StreamChange(null, "INSERT", null, AT.plusSeconds(1), tokenKey(), null, token(i -> { }), null);

        assertThat(audited(a).recordId()).isNotEqualTo(audited(b).recordId());
    }

    // ---- builders

    // ---- revocations the identity provider pushed

    @Test
    void aRevokeAllTheIdentityProviderAskedForIsItsOwnKindWithTheIssuerAsActor() {
        Map<String, Value> image = revokedBefore("300");
        image.put("revokedBy", new Value.Str(ISSUER));
        image.put("source", new Value.Str("BACKCHANNEL_LOGOUT"));
        image.put("reason", new Value.Str("backchannel logout"));

        AuditEntry entry = audited(change("INSERT", revokedBeforeKey(), null, image));

        assertThat(entry.kind()).isEqualTo(AuditKind.IDP_USER_REVOKED_ALL);
        assertThat(entry.actor()).isEqualTo(ISSUER);
        assertThat(entry.revokedBefore()).isEqualTo("300");
        assertThat(entry.reason()).isEqualTo("backchannel logout");
    }

    @Test
    void aLaterApiRevokeAllOverAnIdpOneIsAnOrdinaryOne() {
        Map<String, Value> idp = revokedBefore("300");
        idp.put("source", new Value.Str("GLOBAL_TOKEN_REVOCATION"));
        Map<String, Value> api = revokedBefore("400"); // the writer removed source

        assertThat(audited(change("MODIFY", revokedBeforeKey(), idp, api)).kind())
                .isEqualTo(AuditKind.USER_REVOKED_ALL);
        Map<String, Value> unknownSource = revokedBefore("500");
        unknownSource.put("source", new Value.Str("SOMETHING_ELSE"));
        assertThat(audited(change("MODIFY", revokedBeforeKey(), api, unknownSource)).kind())
                .isEqualTo(AuditKind.USER_REVOKED_ALL);
    }

    @Test
    void anEndedSessionIsAuditedInItsOwnPartitionOrItsUsersTrail() {
        AuditEntry anonymous = audited(change("INSERT", sessionKey(), null, session(null)));

        assertThat(anonymous.kind()).isEqualTo(AuditKind.IDP_SESSION_REVOKED);
        assertThat(anonymous.actor()).isEqualTo(ISSUER);
        assertThat(anonymous.user()).isNull();
        assertThat(anonymous.issuerId()).isEqualTo("staff");
        assertThat(anonymous.sid()).isEqualTo("s-1");
        assertThat(anonymous.reason()).isEqualTo("backchannel logout");

        AuditEntry named = audited(change("INSERT", sessionKey(), null, session("alice")));
        assertThat(named.user()).isEqualTo(new Principal("staff", "alice"));
        assertThat(named.sid()).isEqualTo("s-1");
    }

    @Test
    void aSessionKeepsTheRevocationRulesOfEveryItem() {
        Map<String, Value> unrevoked = session(null);
        unrevoked.put("revoked", new Value.Bool(false));
        assertThat(audited(change("MODIFY", sessionKey(), session(null), unrevoked)).kind())
                .isEqualTo(AuditKind.REVOCATION_WEAKENED);
        assertThat(classifier.classify(change("MODIFY", sessionKey(), session(null), session(null))))
                .isInstanceOf(Skip.class);
        StreamChange expired = new StreamChange("evt-1", "REMOVE", "100", AT, sessionKey(), session(null), null,
                new StreamChange.Identity("Service", "dynamodb.amazonaws.com"));
        assertThat(audited(expired).kind()).isEqualTo(AuditKind.EXPIRED);
        assertThat(audited(change("INSERT", sessionKey(), null, Map.of("revoked", new Value.Str("yes")))).kind())
                .isEqualTo(AuditKind.MALFORMED);
    }

    @Test
    void replayRecordsAreNeverAudited() {
        Map<String, Value> key = Map.of("PK", new Value.Str("REPLAY#logout#staff#lt-1"), "SK", new Value.Str("REPLAY"));
        for (String operation : new String[] {"INSERT", "MODIFY", "REMOVE"}) {
            Classification result = classifier.classify(new StreamChange("evt-1", operation, "100", AT, key,
                    Map.of(), Map.of("state", new Value.Str("CLAIMED")), null));
            assertThat(result).isInstanceOf(Skip.class);
            assertThat(((Skip) result).reason()).isEqualTo(Skip.Reason.REPLAY_RECORD);
        }
        assertThat(RecordClassifier.isReplayRecord("REPLAY#dpop#x")).isTrue();
        assertThat(RecordClassifier.isReplayRecord("USER#default#REPLAY#x")).isFalse();
    }

    private static final String ISSUER = "https://login.example.com/realms/staff";

    private static Map<String, Value> sessionKey() {
        return Map.of("PK", new Value.Str("SESSION#staff#s-1"), "SK", new Value.Str("SESSION"));
    }

    private static Map<String, Value> session(String sub) {
        Map<String, Value> item = new HashMap<>(sessionKey());
        revoke(item, ISSUER, "backchannel logout");
        item.put("sid", new Value.Str("s-1"));
        item.put("source", new Value.Str("BACKCHANNEL_LOGOUT"));
        if (sub != null) {
            item.put("sub", new Value.Str(sub));
        }
        return item;
    }

    private AuditEntry audited(StreamChange change) {
        Classification result = classifier.classify(change);
        assertThat(result).isInstanceOf(AuditEntry.class);
        return (AuditEntry) result;
    }

    // ---- replay records (DPoP proof jti values): never audited

    @ParameterizedTest
    @MethodSource("replayRecords")
    void replayRecordsAreSkippedWhateverHappensToThem(String eventName, Map<String, Value> oldImage,
                                                      Map<String, Value> newImage) {
        assertThat(classifier.classify(change(eventName, replayKey(), oldImage, newImage)))
                .isEqualTo(new Skip(Skip.Reason.REPLAY_RECORD, "evt-1", null));
    }

    static Stream<Arguments> replayRecords() {
        Map<String, Value> item = new HashMap<>(replayKey());
        item.put("ttl", new Value.Num("1764547261"));
        return Stream.of(
                Arguments.of("INSERT", null, item),             // a proof's first use
                Arguments.of("MODIFY", item, item),             // a record past its ttl overwritten
                Arguments.of("REMOVE", item, null),             // DynamoDB's TTL deleting it
                Arguments.of("INSERT", null, null));            // even one a stream delivered without its image
    }

    @Test
    void aReplayRecordIsRecognisedByItsPartitionKeyPrefixAlone() {
        assertThat(RecordClassifier.isReplayRecord("REPLAY#dpop#default#abc#def")).isTrue();
        assertThat(RecordClassifier.isReplayRecord("REPLAY#logout#default#xyz")).isTrue();
        assertThat(RecordClassifier.isReplayRecord("USER#default#REPLAY#x")).isFalse();
        assertThat(RecordClassifier.isReplayRecord(null)).isFalse();
    }

    private static Map<String, Value> replayKey() {
        return Map.of("PK", new Value.Str("REPLAY#dpop#default#0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I#"
                + "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg"), "SK", new Value.Str("REPLAY"));
    }

    private static StreamChange change(String eventName, Map<String, Value> keys, Map<String, Value> oldImage,
                                       Map<String, Value> newImage) {
        return new StreamChange("evt-1", eventName, "100", AT, keys, oldImage, newImage, null);
    }

    private static StreamChange removal(StreamChange.Identity identity) {
        return new StreamChange("evt-1", "REMOVE", "100", AT, tokenKey(), token(i -> revoke(i, "alice", "logout")),
                null, identity);
    }

    private static Map<String, Value> tokenKey() {
        return Map.of("PK", new Value.Str("USER#default#" + SUB), "SK", new Value.Str("TOKEN#" + JTI));
    }

    private static Map<String, Value> familyKey() {
        return Map.of("PK", new Value.Str("USER#default#" + SUB), "SK", new Value.Str("FAMILY#fam-1"));
    }

    private static Map<String, Value> revokedBeforeKey() {
        return Map.of("PK", new Value.Str("USER#default#" + SUB), "SK", new Value.Str("REVOKED_BEFORE"));
    }

    private static Map<String, Value> token(Consumer<Map<String, Value>> attributes) {
        Map<String, Value> item = new HashMap<>(tokenKey());
        item.put("jti", new Value.Str(JTI));
        item.put("sub", new Value.Str(SUB));
        item.put("exp", new Value.Num("1764550800"));
        attributes.accept(item);
        return item;
    }

    private static Map<String, Value> family(Consumer<Map<String, Value>> attributes) {
        Map<String, Value> item = new HashMap<>(familyKey());
        attributes.accept(item);
        return item;
    }

    private static Map<String, Value> revokedBefore(String epochSeconds) {
        Map<String, Value> item = new HashMap<>(revokedBeforeKey());
        item.put("revokedBefore", new Value.Num(epochSeconds));
        item.put("revokedBy", new Value.Str("admin-9"));
        return item;
    }

    private static void revoke(Map<String, Value> item, String by, String reason) {
        item.put("revoked", new Value.Bool(true));
        item.put("revokedAt", new Value.Num("1764547200"));
        item.put("revokedBy", new Value.Str(by));
        if (reason != null) {
            item.put("reason", new Value.Str(reason));
        }
    }
}
