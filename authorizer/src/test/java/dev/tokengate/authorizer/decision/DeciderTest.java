package dev.tokengate.authorizer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.authorizer.binding.DpopProofVerifier;
import dev.tokengate.authorizer.binding.HttpTarget;
import dev.tokengate.authorizer.binding.ProofUse;
import dev.tokengate.authorizer.binding.SenderConstraint;
import dev.tokengate.authorizer.binding.SenderEvidence;
import dev.tokengate.authorizer.replay.ReplayStatus;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.authorizer.route.ApiArn;
import dev.tokengate.authorizer.route.RouteGrant;
import dev.tokengate.authorizer.route.RouteScopes;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.JwksServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the failure-semantics table, at the level of the pure decision. */
class DeciderTest {
    static final String ISSUER = "https://issuer.example.com";
    static final String AUDIENCE = "orders-api";
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final ECKey KEY = TestKeys.ec("k1");
    static final ECKey OTHER_KEY = TestKeys.ec("k1");
    static final RSAKey RSA = TestKeys.rsaWithoutAlg("r1");
    static final ApiArn ORDERS = ApiArn.parse("arn:aws:execute-api:us-east-1:1:api/prod/GET/orders/42").orElseThrow();
    static final ApiArn ADMIN = ApiArn.parse("arn:aws:execute-api:us-east-1:1:api/prod/GET/admin/users").orElseThrow();

    private final AtomicInteger revocationCalls = new AtomicInteger();

    static JwtValidator validator() {
        return JwtValidator.create(JwtConfig.fromEnvironment(Map.of(
                "JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE,
                "JWKS", TestKeys.publicJson(KEY, RSA), "JWT_ALGORITHMS", "ES256,RS256")));
    }

    static TestTokens valid() {
        return TestTokens.valid(ISSUER, AUDIENCE, NOW.minusSeconds(60)).scope("orders:read");
    }

    private Decider decider(RevocationStatus status, String routeScopes) {
        RevocationCheck check = (token, now) -> {
            revocationCalls.incrementAndGet();
            return status;
        };
        return new Decider(validator(), check, RouteScopes.parse(routeScopes));
    }

    @Test
    void allowsAValidUnrevokedTokenWithItsWholeGrant() {
        Decision decision = decider(RevocationStatus.notRevoked("checked"), null).decide(valid().sign(KEY), ORDERS, NOW);
        assertThat(decision).isInstanceOf(Decision.Allow.class);
        Decision.Allow allow = (Decision.Allow) decision;
        assertThat(allow.grant()).isEqualTo(RouteGrant.EVERYTHING);
        assertThat(allow.validated().scopes()).containsExactly("orders:read");
        assertThat(revocationCalls).hasValue(1);
    }

    /**
     * The Allow's freshness counts from when the revocation read began, not from the start of the decision: a slow
     * JWKS fetch (or discovery, or a proof check) before the read is not the read's age, and refusing such an Allow
     * as STALE_REVOCATION_READ would fail valid tokens whenever an identity provider answers slowly.
     */
    @Test
    void theAllowIsAsFreshAsTheRevocationReadNotAsTheDecisionsStart() {
        Instant readBegins = NOW.plusMillis(1600); // the key fetch took 1.6 s
        Iterator<Instant> clock = List.of(NOW, readBegins).iterator();
        List<Instant> checkedAt = new ArrayList<>();
        Decider decider = new Decider(validator(), (token, now) -> {
            checkedAt.add(now);
            return RevocationStatus.notRevoked("checked");
        }, RouteScopes.NONE);

        Decision decision = decider.decide(valid().sign(KEY), SenderEvidence.invisible(SenderEvidence.Scheme.BEARER),
                ORDERS, clock::next);

        assertThat(checkedAt).containsExactly(readBegins);
        assertThat(decision).isInstanceOfSatisfying(Decision.Allow.class,
                allow -> assertThat(allow.revocationReadAt()).isEqualTo(readBegins));
        // answered 0.1 s after the read began: fresh, though 1.7 s after the decision started
        assertThat(FreshAllow.atAnswer(decision, readBegins.plusMillis(100))).isSameAs(decision);
    }

    @Test
    void everyDecisionNamesTheIssuerProfileOnceOneWasSelected() {
        Decider decider = decider(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked"), null);

        assertThat(decider.decide(valid().sign(KEY), ORDERS, NOW).issuerId()).contains("default");
        assertThat(decider.decide(valid().expiresAt(NOW.minusSeconds(1)).sign(KEY), ORDERS, NOW).issuerId())
                .as("refused before verifying, by the profile its iss selected").contains("default");
        assertThat(decider.decide(valid().claim("iss", "https://elsewhere.example").sign(KEY), ORDERS, NOW)
                .issuerId()).isEmpty();
        assertThat(decider.decide("abc.def", ORDERS, NOW).issuerId()).isEmpty();
    }

    static Stream<Arguments> tokenProblems() {
        return Stream.<Arguments>of(
                Arguments.of(DenyReason.MISSING_TOKEN, (Function<TestTokens, String>) t -> ""),
                Arguments.of(DenyReason.MALFORMED_TOKEN, (Function<TestTokens, String>) t -> "abc.def"),
                Arguments.of(DenyReason.TOKEN_TOO_LARGE,
                        (Function<TestTokens, String>) t -> t.claim("pad", "x".repeat(9000)).sign(KEY)),
                Arguments.of(DenyReason.UNSIGNED_TOKEN, (Function<TestTokens, String>) t -> t.unsigned("none")),
                Arguments.of(DenyReason.ENCRYPTED_TOKEN, (Function<TestTokens, String>) t -> "a.b.c.d.e"),
                Arguments.of(DenyReason.ALGORITHM_NOT_ALLOWED,
                        (Function<TestTokens, String>) t -> t.sign(RSA, JWSAlgorithm.PS256)),
                Arguments.of(DenyReason.ALGORITHM_NOT_ALLOWED,
                        (Function<TestTokens, String>) t -> t.signHmac(new byte[32], "k1")),
                Arguments.of(DenyReason.TYPE_NOT_ALLOWED, (Function<TestTokens, String>) t -> t.header("typ", "dpop+jwt").sign(KEY)),
                Arguments.of(DenyReason.UNKNOWN_KEY, (Function<TestTokens, String>) t -> t.header("kid", "nope").sign(KEY)),
                Arguments.of(DenyReason.BAD_SIGNATURE, (Function<TestTokens, String>) t -> t.sign(OTHER_KEY)),
                Arguments.of(DenyReason.INVALID_CLAIM, (Function<TestTokens, String>) t -> t.claim("exp", "tomorrow").sign(KEY)),
                Arguments.of(DenyReason.MISSING_CLAIM, (Function<TestTokens, String>) t -> t.without("jti").sign(KEY)),
                Arguments.of(DenyReason.UNKNOWN_ISSUER,
                        (Function<TestTokens, String>) t -> t.claim("iss", "https://evil.example.com").sign(KEY)),
                Arguments.of(DenyReason.AUDIENCE_MISMATCH, (Function<TestTokens, String>) t -> t.claim("aud", "other").sign(KEY)),
                Arguments.of(DenyReason.EXPIRED, (Function<TestTokens, String>) t -> t.expiresAt(NOW.minusSeconds(1)).sign(KEY)),
                Arguments.of(DenyReason.NOT_YET_VALID,
                        (Function<TestTokens, String>) t -> t.claim("nbf", NOW.plusSeconds(600).getEpochSecond()).sign(KEY)),
                Arguments.of(DenyReason.ISSUED_IN_FUTURE, (Function<TestTokens, String>) t -> t.issuedAt(NOW.plusSeconds(600)).sign(KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenProblems")
    void refusesAnUnacceptableTokenWith401WithoutAskingTheStore(DenyReason expected, Function<TestTokens, String> token) {
        Decision decision = decider(RevocationStatus.notRevoked("checked"), null).decide(token.apply(valid()), ORDERS, NOW);
        assertThat(decision).isInstanceOfSatisfying(Decision.Deny.class, deny -> {
            assertThat(deny.reason()).isEqualTo(expected);
            assertThat(deny.outcome()).isEqualTo(DenyReason.Outcome.UNAUTHORIZED);
            assertThat(deny.token()).isEmpty();
        });
        assertThat(revocationCalls).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(value = DenyReason.class, names = {"TOKEN_REVOKED", "FAMILY_REVOKED", "USER_REVOKED", "TOKEN_NOT_REGISTERED"})
    void refusesARevokedTokenWith401NamingWhoItWas(DenyReason reason) {
        Decision decision = decider(RevocationStatus.revoked(reason, "from the store"), null)
                .decide(valid().subject("alice").tokenId("t1").sign(KEY), ORDERS, NOW);
        assertThat(decision).isInstanceOfSatisfying(Decision.Deny.class, deny -> {
            assertThat(deny.reason()).isEqualTo(reason);
            assertThat(deny.outcome()).isEqualTo(DenyReason.Outcome.UNAUTHORIZED);
            assertThat(deny.token().orElseThrow().subject()).isEqualTo("alice");
            assertThat(deny.token().orElseThrow().tokenId()).isEqualTo("t1");
        });
    }

    @Test
    void anUnavailableStoreIsAnErrorNeverAllow() {
        Decision decision = decider(RevocationStatus.unavailable("SdkClientException"), null)
                .decide(valid().sign(KEY), ORDERS, NOW);
        assertThat(decision).isInstanceOfSatisfying(Decision.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
            assertThat(unavailable.detail()).isEqualTo("SdkClientException");
        });
    }

    @Test
    void aThrottledStoreIsAnErrorWithItsOwnReason() {
        Decision decision = decider(RevocationStatus.throttled("ProvisionedThroughputExceededException"), null)
                .decide(valid().sign(KEY), ORDERS, NOW);
        assertThat(decision).isInstanceOfSatisfying(Decision.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).isEqualTo(DenyReason.STORE_THROTTLED);
            assertThat(unavailable.reason().outcome()).isEqualTo(DenyReason.Outcome.UNAVAILABLE);
            assertThat(unavailable.detail()).isEqualTo("ProvisionedThroughputExceededException");
        });
    }

    @Test
    void anUnreachableJwksIsAnErrorNeverADeny() {
        try (JwksServer jwks = JwksServer.start(TestKeys.publicSet(KEY))) {
            jwks.fail();
            JwtValidator remote = JwtValidator.create(JwtConfig.fromEnvironment(Map.of(
                    "JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE, "JWKS_URL", jwks.url().toString())));
            Decision decision = new Decider(remote, (t, n) -> RevocationStatus.notRevoked("checked"), RouteScopes.NONE)
                    .decide(valid().sign(KEY), ORDERS, NOW);
            assertThat(decision).isInstanceOfSatisfying(Decision.Unavailable.class,
                    unavailable -> assertThat(unavailable.reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE));
        }
    }

    @Test
    void aValidTokenWithoutTheRouteScopeIsForbiddenWithItsGrant() {
        Decider decider = decider(RevocationStatus.notRevoked("checked"), "GET /admin/*=admin;GET /orders/*=orders:read");
        Decision decision = decider.decide(valid().sign(KEY), ADMIN, NOW);
        assertThat(decision).isInstanceOfSatisfying(Decision.Deny.class, deny -> {
            assertThat(deny.reason()).isEqualTo(DenyReason.INSUFFICIENT_SCOPE);
            assertThat(deny.outcome()).isEqualTo(DenyReason.Outcome.FORBIDDEN);
            assertThat(deny.grant().orElseThrow().forbidden()).hasSize(1);
            assertThat(deny.grant().orElseThrow().permits(ORDERS)).isTrue();
        });
        assertThat(decider.decide(valid().sign(KEY), ORDERS, NOW)).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void revocationIsDecidedBeforeScopes() {
        Decision decision = decider(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "x"), "GET /admin/*=admin")
                .decide(valid().sign(KEY), ADMIN, NOW);
        assertThat(((Decision.Deny) decision).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
    }

    @Test
    void theGrantIsTheSameWhicheverRouteIsAsked() {
        Decider decider = decider(RevocationStatus.notRevoked("checked"), "GET /admin/*=admin");
        String token = valid().sign(KEY);
        RouteGrant fromOrders = ((Decision.Allow) decider.decide(token, ORDERS, NOW)).grant();
        RouteGrant fromAdmin = ((Decision.Deny) decider.decide(token, ADMIN, NOW)).grant().orElseThrow();
        assertThat(fromOrders).isEqualTo(fromAdmin);
        assertThat(fromOrders.forbidden()).extracting(Object::toString).isEqualTo(List.of("GET /admin/*=admin"));
    }

    @Test
    void aCachedVerificationStillAsksTheStoreOnEveryDecision() {
        AtomicReference<RevocationStatus> store = new AtomicReference<>(RevocationStatus.notRevoked("checked"));
        RevocationCheck check = (token, now) -> {
            revocationCalls.incrementAndGet();
            return store.get();
        };
        Decider decider = new Decider(JwtValidator.create(validator().config(), 100), check, RouteScopes.parse(null));
        String token = valid().subject("alice").tokenId("t1").sign(KEY);

        for (int i = 0; i < 3; i++) {
            assertThat(decider.decide(token, ORDERS, NOW.plusSeconds(i))).isInstanceOf(Decision.Allow.class);
        }
        store.set(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "from the store"));
        Decision revoked = decider.decide(token, ORDERS, NOW.plusSeconds(3));

        assertThat(revocationCalls).hasValue(4);
        assertThat(revoked).isInstanceOfSatisfying(Decision.Deny.class,
                deny -> assertThat(deny.reason()).isEqualTo(DenyReason.TOKEN_REVOKED));
    }

    // --- sender constraints: the store answers two questions at once ---------------------------------------------

    static final ECKey CLIENT = TestKeys.ec("client");
    static final String URL = "https://api.example.com/prod/orders/42";

    static Stream<Arguments> storeAnswers() {
        RevocationStatus fine = RevocationStatus.notRevoked("checked");
        RevocationStatus revoked = RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked");
        RevocationStatus down = RevocationStatus.unavailable("stopped");
        ReplayStatus first = ReplayStatus.firstUse();
        ReplayStatus replayed = ReplayStatus.replayed();
        ReplayStatus storeDown = ReplayStatus.unavailable("stopped");
        return Stream.of(
                Arguments.of(fine, first, "ALLOW", null),
                Arguments.of(fine, replayed, "UNAUTHORIZED", DenyReason.DPOP_PROOF_REPLAYED),
                Arguments.of(revoked, replayed, "UNAUTHORIZED", DenyReason.TOKEN_REVOKED),
                Arguments.of(revoked, storeDown, "UNAUTHORIZED", DenyReason.TOKEN_REVOKED),
                Arguments.of(down, replayed, "UNAUTHORIZED", DenyReason.DPOP_PROOF_REPLAYED),
                Arguments.of(down, first, "UNAVAILABLE", DenyReason.STORE_UNAVAILABLE),
                Arguments.of(fine, storeDown, "UNAVAILABLE", DenyReason.STORE_UNAVAILABLE),
                Arguments.of(fine, ReplayStatus.throttled("ThrottlingException"), "UNAVAILABLE",
                        DenyReason.STORE_THROTTLED));
    }

    @ParameterizedTest(name = "revocation {0}, replay {1}: {2} {3}")
    @MethodSource("storeAnswers")
    void aDefiniteRefusalWinsOverAStoreThatCouldNotAnswerAndNothingElseIsAnAllow(RevocationStatus revocation,
            ReplayStatus replay, String outcome, DenyReason reason) {
        List<ProofUse> uses = new ArrayList<>();
        Decider decider = new Decider(validator(), (token, now) -> revocation, RouteScopes.NONE,
                new SenderConstraint(new DpopProofVerifier(), false), (use, now) -> {
                    uses.add(use);
                    return () -> replay;
                });
        String token = valid().claim("cnf", DpopProofs.confirmation(CLIENT)).sign(KEY);
        SenderEvidence evidence = new SenderEvidence(SenderEvidence.Scheme.DPOP, true,
                List.of(DpopProofs.of(CLIENT, "GET", URL, token, NOW).sign()),
                HttpTarget.of("GET", "https://api.example.com", "/prod/orders/42"), Optional.empty());

        Decision decision = decider.decide(token, evidence, ORDERS, NOW);

        assertThat(decision.outcomeName()).isEqualTo(outcome);
        if (decision instanceof Decision.Deny deny) {
            assertThat(deny.reason()).isEqualTo(reason);
        } else if (decision instanceof Decision.Unavailable unavailable) {
            assertThat(unavailable.reason()).isEqualTo(reason);
        }
        assertThat(uses).singleElement().extracting(ProofUse::keyThumbprint).isEqualTo(DpopProofs.thumbprint(CLIENT));
    }

    @Test
    void aBindingRefusalIsMadeBeforeTheStoreIsAsked() {
        Decider decider = new Decider(validator(), (token, now) -> {
            revocationCalls.incrementAndGet();
            return RevocationStatus.notRevoked("checked");
        }, RouteScopes.NONE, new SenderConstraint(new DpopProofVerifier(), false), (use, now) -> {
            throw new AssertionError("no proof was accepted");
        });
        String token = valid().claim("cnf", DpopProofs.confirmation(CLIENT)).sign(KEY);

        Decision decision = decider.decide(token, ORDERS, NOW); // no proof can come with a TOKEN-shaped request

        assertThat(decision).isInstanceOf(Decision.Deny.class);
        assertThat(((Decision.Deny) decision).reason()).isEqualTo(DenyReason.UNSUPPORTED_BINDING);
        assertThat(((Decision.Deny) decision).token()).isPresent();
        assertThat(revocationCalls).hasValue(0);
    }
}
