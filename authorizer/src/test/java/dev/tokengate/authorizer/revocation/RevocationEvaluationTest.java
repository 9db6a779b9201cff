package dev.tokengate.authorizer.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.TokenTable;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The reading of the three items, row by row, without a store (the IT tier does the same through DynamoDB). */
class RevocationEvaluationTest {
    private static final Instant NOW = Validated.ISSUED.plusSeconds(60);
    private static final ValidatedToken TOKEN = Validated.token("alice", "t1", "fam1", Validated.ISSUED);

    private static RevocationStatus denylist(Map<String, AttributeValue> token, Map<String, AttributeValue> family,
                                             Map<String, AttributeValue> before) {
        return RevocationLookup.evaluate(RevocationMode.DENYLIST, TOKEN, token, family, before, null, NOW);
    }

    private static RevocationStatus denylistWithSession(Map<String, AttributeValue> session) {
        return RevocationLookup.evaluate(RevocationMode.DENYLIST, TOKEN, null, null, null, session, NOW);
    }

    private static RevocationStatus allowlist(Map<String, AttributeValue> token) {
        return RevocationLookup.evaluate(RevocationMode.ALLOWLIST, TOKEN, token, null, null, null, NOW);
    }

    private static Map<String, AttributeValue> revoked(boolean value) {
        return Map.of(TokenTable.REVOKED, AttributeValue.fromBool(value));
    }

    private static Map<String, AttributeValue> before(long epochSeconds) {
        return Map.of(TokenTable.REVOKED_BEFORE, AttributeValue.fromN(Long.toString(epochSeconds)));
    }

    @Test
    void nothingStoredMeansNotRevokedInDenylistMode() {
        assertThat(denylist(null, null, null).isNotRevoked()).isTrue();
    }

    @Test
    void aRevokedTokenItemRevokes() {
        assertThat(denylist(revoked(true), null, null).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(denylist(revoked(false), null, null).isNotRevoked()).isTrue();
    }

    @Test
    void aRevokedFamilyRevokes() {
        assertThat(denylist(null, revoked(true), null).reason()).isEqualTo(DenyReason.FAMILY_REVOKED);
    }

    @Test
    void aSessionTheIssuerEndedRevokes() {
        assertThat(denylistWithSession(revoked(true)).reason()).isEqualTo(DenyReason.SESSION_REVOKED);
        assertThat(denylistWithSession(revoked(false)).isNotRevoked()).isTrue();
        assertThat(denylistWithSession(Map.of(TokenTable.REVOKED, AttributeValue.fromS("yes"))).reason())
                .as("an unreadable flag fails closed").isEqualTo(DenyReason.SESSION_REVOKED);
    }

    @Test
    void revokeAllAppliesToTokensIssuedStrictlyBefore() {
        long iat = Validated.ISSUED.getEpochSecond();
        assertThat(denylist(null, null, before(iat + 1)).reason()).isEqualTo(DenyReason.USER_REVOKED);
        assertThat(denylist(null, null, before(iat)).isNotRevoked()).isTrue();
        assertThat(denylist(null, null, before(iat - 1)).isNotRevoked()).isTrue();
    }

    @Test
    void theMostSpecificReasonWins() {
        assertThat(denylist(revoked(true), revoked(true), before(Long.MAX_VALUE)).reason())
                .isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(denylist(null, revoked(true), before(Long.MAX_VALUE)).reason()).isEqualTo(DenyReason.FAMILY_REVOKED);
    }

    @Test
    void unreadableRevocationFactsFailClosed() {
        assertThat(denylist(Map.of(TokenTable.REVOKED, AttributeValue.fromS("false")), null, null).reason())
                .isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(denylist(null, null, Map.of(TokenTable.REVOKED_BEFORE, AttributeValue.fromS("soon"))).reason())
                .isEqualTo(DenyReason.USER_REVOKED);
        assertThat(denylist(null, null, Map.of(TokenTable.REVOKED_AT, AttributeValue.fromN("1"))).reason())
                .isEqualTo(DenyReason.USER_REVOKED);
    }

    @Test
    void revocationFactsHoldEvenPastTheirTtl() {
        Map<String, AttributeValue> stale = Map.of(TokenTable.REVOKED, AttributeValue.fromBool(true),
                TokenTable.TTL, AttributeValue.fromN(Long.toString(NOW.getEpochSecond() - 10)));
        assertThat(denylist(stale, null, null).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
    }

    @Test
    void allowlistNeedsARegisteredUnrevokedItemWithinItsTtl() {
        long now = NOW.getEpochSecond();
        assertThat(allowlist(null).reason()).isEqualTo(DenyReason.TOKEN_NOT_REGISTERED);
        assertThat(allowlist(Map.of(TokenTable.JTI, AttributeValue.fromS("t1"))).isNotRevoked()).isTrue();
        assertThat(allowlist(Map.of(TokenTable.REVOKED, AttributeValue.fromBool(false),
                TokenTable.TTL, AttributeValue.fromN(Long.toString(now + 10)))).isNotRevoked()).isTrue();
        assertThat(allowlist(Map.of(TokenTable.REVOKED, AttributeValue.fromBool(false),
                TokenTable.TTL, AttributeValue.fromN(Long.toString(now - 10)))).reason())
                .isEqualTo(DenyReason.TOKEN_NOT_REGISTERED);
        assertThat(allowlist(revoked(true)).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
    }
}
