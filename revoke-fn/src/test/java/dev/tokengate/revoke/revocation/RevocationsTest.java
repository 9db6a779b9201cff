package dev.tokengate.revoke.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.revoke.cache.AuthorizerCacheFlush;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.revoke.revocation.Revocations.Target;
import dev.tokengate.revoke.testing.Fixture;
import dev.tokengate.revoke.testing.NoDynamoDb;
import dev.tokengate.testkit.TestKeys;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The domain rules that decide before any DynamoDB call: every case here must end without one (the client refuses
 * and counts calls). The writes themselves are covered on moto in {@code RevokeApiIT}.
 */
class RevocationsTest {
    private static final long NOW = Fixture.NOW.getEpochSecond();

    private final Fixture fixture = new Fixture();
    private final NoDynamoDb dynamo = new NoDynamoDb();
    private final RevokeConfig config = fixture.config("tokens");
    private final Revocations revocations = new Revocations(
            new RevocationPolicy(config.adminScope(), config.jwt()),
            new RevocationWriter(dynamo.client(), "tokens"),
            new TokenStateReader(dynamo.client(), "tokens"),
            JwtValidator.create(config.jwt()),
            AuthorizerCacheFlush.disabled(),
            fixture.clock,
            config.jwt());
    private final Caller alice = new Caller(new Principal("default", "user-alice"), Set.of("openid"));

    @AfterEach
    void noDynamoDbCall() {
        assertThat(dynamo.calls()).isZero();
    }

    @Test
    void refusesAnotherUsersTokenOnEveryOperation() {
        assertThat(revocations.revokeToken(alice, mine("user-bob"), "j1", Optional.empty(), Optional.empty()))
                .isInstanceOf(Outcome.Forbidden.class);
        assertThat(revocations.revokeFamily(alice, mine("user-bob"), "f1", Optional.empty()))
                .isInstanceOf(Outcome.Forbidden.class);
        assertThat(revocations.revokeAll(alice, mine("user-bob"), Optional.empty()))
                .isInstanceOf(Outcome.Forbidden.class);
        assertThat(revocations.tokenState(alice, mine("user-bob"), "j1"))
                .isInstanceOf(Outcome.Forbidden.class);
    }

    @Test
    void refusesPresentedTokenOfAnotherUser() {
        String bobs = fixture.token("user-bob", "b1").sign(fixture.key);

        assertThat(revocations.revokePresentedToken(alice, bobs, Optional.empty()))
                .isInstanceOf(Outcome.Forbidden.class);
    }

    @Test
    void presentedTokenWithBadSignatureIsInvalidNamingTheToken() {
        String forged = fixture.token("user-alice", "a1").sign(TestKeys.rsa("test-key-1"));

        assertThat(revocations.revokePresentedToken(alice, forged, Optional.empty()))
                .isEqualTo(new Outcome.Invalid("token", "was refused: BAD_SIGNATURE"));
    }

    @Test
    void presentedTokenForAnotherAudienceIsInvalid() {
        String other = fixture.token("user-alice", "a1").claim("aud", "another-api").sign(fixture.key);

        assertThat(revocations.revokePresentedToken(alice, other, Optional.empty()))
                .isEqualTo(new Outcome.Invalid("token", "was refused: AUDIENCE_MISMATCH"));
    }

    @Test
    void presentedExpiredTokenIsANoOp() {
        String expired = fixture.token("user-alice", "a1").issuedAt(Fixture.NOW.minusSeconds(7200))
                .expiresAt(Fixture.NOW.minusSeconds(31)).sign(fixture.key);

        assertThat(revocations.revokePresentedToken(alice, expired, Optional.empty()))
                .isEqualTo(new Outcome.AlreadyExpired(new Principal("default", "user-alice"), "a1", NOW - 31));
    }

    @Test
    void expFurtherOutThanAnyTokenLivesIsInvalid() {
        Outcome outcome = revocations.revokeToken(alice, mine("user-alice"), "a1",
                Optional.of((NOW + 3600) * 1000), Optional.empty());

        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).field()).isEqualTo("exp");
    }

    @Test
    void invalidIdsAreNamedBeforeThePolicyIsAsked() {
        assertThat(revocations.revokeToken(alice, mine("user-bob"), "bad\u0000jti", Optional.empty(), Optional.empty()))
                .isEqualTo(new Outcome.Invalid("jti", "must not contain control characters"));
        assertThat(revocations.revokeFamily(alice, mine("user-alice"), "", Optional.empty()))
                .isEqualTo(new Outcome.Invalid("originJti", "must be a non-empty string"));
        assertThat(revocations.revokeAll(alice, mine("x".repeat(600)), Optional.empty()))
                .isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void reasonMustBeShortPlainText() {
        assertThat(revocations.revokeAll(alice, mine("user-alice"), Optional.of("r".repeat(257))))
                .isEqualTo(new Outcome.Invalid("reason", "must be 1 to 256 characters"));
        assertThat(revocations.revokeAll(alice, mine("user-alice"), Optional.of("line\nbreak")))
                .isEqualTo(new Outcome.Invalid("reason", "must be plain text without control characters"));
    }

    /** A target in the caller's own issuer (no issuerId in the request). */
    private static Target mine(String sub) {
        return Target.ofCallersIssuer(sub);
    }
}
