package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.handler.AuthorizerRig.Outcome;
import dev.tokengate.authorizer.handler.AuthorizerRig.Shape;
import dev.tokengate.authorizer.handler.TokenMutants.Mutant;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.hardening.Measurements;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Type confusion of every claim and header parameter, exhaustively over one value of each JSON type, each token
 * signed by the trusted key: the table the fuzz property samples from, written out. Also printed for SECURITY.md.
 */
class AuthorizerClaimTypesTest {
    private static final List<Object> VALUES = List.of("text", "", 0, 1, -1, 4102444800L, 1.5, true, false,
            List.of(), List.of("text"), List.of(AuthorizerRig.AUDIENCE), List.of(1, 2), Map.of(), Map.of("k", "v"),
            TokenMutants.JSON_NULL);
    private static final String COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Hardening1";
    private static final String APP_CLIENT = "hardening-app";
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([A-Z_]+)\"");

    @Test
    void everyClaimWithAnyOtherJsonTypeIsRefusedUnlessItKeepsItsStandardType() {
        AuthorizerRig.Log log = new AuthorizerRig.Log();
        AuthorizerHandler handler = AuthorizerRig.handler(AuthorizerRig.environment("tokens", Map.of()),
                (token, now) -> RevocationStatus.notRevoked("types"), AuthorizerRig.CLOCK, log);
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (boolean header : new boolean[] {false, true}) {
            for (String name : header ? TokenMutants.HEADERS : TokenMutants.CLAIMS) {
                for (Object value : VALUES) {
                    Mutant mutant = TokenMutants.typeConfused(name, value, header);
                    Outcome outcome = AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer " + mutant.token()));
                    if (outcome == Outcome.ALLOW) {
                        allowed.computeIfAbsent((header ? "header " : "") + name, k -> new ArrayList<>())
                                .add(TokenMutants.describe(value));
                        if (!mutant.mayAllow()) {
                            unexpected.add(mutant.kind());
                        }
                    }
                }
            }
        }
        Measurements.record("authorizer claim/header type confusion (%d values x %d names): allowed %s",
                VALUES.size(), TokenMutants.CLAIMS.size() + TokenMutants.HEADERS.size(), allowed);
        assertThat(log.lines).noneMatch(l -> l.contains("\"outcome\":\"ERROR\""));
        assertThat(unexpected).as("allowed although the value does not have the claim's standard type").isEmpty();
    }

    /**
     * Issue 14, point 8: a claim present with JSON {@code null} is a claim of the wrong type, never an absent one
     * ({@code INVALID_CLAIM}); a header parameter set to {@code null} is refused like any mistyped one
     * ({@code MALFORMED_TOKEN}). The decision line names the reason.
     */
    @Test
    void jsonNullIsInvalidInEveryClaimAndMalformedInEveryHeaderParameter() {
        AuthorizerRig.Log log = new AuthorizerRig.Log();
        AuthorizerHandler handler = AuthorizerRig.handler(AuthorizerRig.environment("tokens", Map.of()),
                (token, now) -> RevocationStatus.notRevoked("types"), AuthorizerRig.CLOCK, log);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (boolean header : new boolean[] {false, true}) {
            for (String name : header ? TokenMutants.HEADERS : TokenMutants.CLAIMS) {
                Mutant mutant = TokenMutants.typeConfused(name, TokenMutants.JSON_NULL, header);
                assertThat(AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer " + mutant.token())))
                        .as(mutant.kind()).isEqualTo(Outcome.UNAUTHORIZED);
                reasons.put((header ? "header " : "") + name, reasonOf(log.last()));
            }
        }
        Measurements.record("authorizer, JSON null in each claim and header parameter: %s", reasons);
        reasons.forEach((name, reason) -> assertThat(reason).as(name)
                .isEqualTo(name.startsWith("header ") ? "MALFORMED_TOKEN" : "INVALID_CLAIM"));
    }

    /**
     * The claims the {@code cognito-access} preset reads, {@code token_use} and {@code client_id}, with every JSON
     * value: only the preset's own values are allowed, and JSON {@code null} is {@code INVALID_CLAIM}.
     */
    @Test
    void cognitoPresetClaimsOfAnyOtherValueOrTypeAreRefused() {
        AuthorizerRig.Log log = new AuthorizerRig.Log();
        Map<String, String> env = new HashMap<>();
        for (String single : List.of("JWT_ISSUER", "JWT_AUDIENCE", "JWKS", "JWT_ALGORITHMS")) {
            env.put(single, null);
        }
        env.put("TRUSTED_ISSUERS", "[{\"id\":\"cognito\",\"issuer\":\"" + COGNITO + "\",\"preset\":\"cognito-access\","
                + "\"clientIds\":[\"" + APP_CLIENT + "\"],\"algorithms\":[\"ES256\"],\"jwks\":"
                + TestKeys.publicJson(AuthorizerRig.KEY) + "}]");
        AuthorizerHandler handler = AuthorizerRig.handler(AuthorizerRig.environment("tokens", env),
                (token, now) -> RevocationStatus.notRevoked("types"), AuthorizerRig.CLOCK, log);
        assertThat(AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer " + cognitoAccess().sign(
                AuthorizerRig.KEY)))).as("the Cognito access token as issued").isEqualTo(Outcome.ALLOW);
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        Map<String, String> nullReasons = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>(VALUES);
        values.addAll(List.of("access", "id", APP_CLIENT, APP_CLIENT.toUpperCase(Locale.ROOT)));
        for (String claim : List.of("token_use", "client_id")) {
            for (Object value : values) {
                TestTokens token = cognitoAccess();
                if (value == TokenMutants.JSON_NULL) {
                    token.nullClaim(claim);
                } else {
                    token.claim(claim, value);
                }
                Outcome outcome = AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer "
                        + token.sign(AuthorizerRig.KEY)));
                if (outcome == Outcome.ALLOW) {
                    allowed.computeIfAbsent(claim, k -> new ArrayList<>()).add(TokenMutants.describe(value));
                }
                if (value == TokenMutants.JSON_NULL) {
                    nullReasons.put(claim, reasonOf(log.last()));
                }
            }
        }
        Measurements.record("authorizer, cognito-access preset, token_use and client_id x %d values: allowed %s, "
                + "JSON null %s", values.size(), allowed, nullReasons);
        assertThat(allowed).isEqualTo(Map.of("token_use", List.of(TokenMutants.describe("access")),
                "client_id", List.of(TokenMutants.describe(APP_CLIENT))));
        assertThat(nullReasons).containsOnly(Map.entry("token_use", "INVALID_CLAIM"),
                Map.entry("client_id", "INVALID_CLAIM"));
    }

    /** What Cognito issues as an access token: no typ, no aud, client_id, token_use, scope. */
    private static TestTokens cognitoAccess() {
        return TestTokens.valid(COGNITO, "unused", AuthorizerRig.NOW.minusSeconds(60)).header("typ", null)
                .without("aud").claim("client_id", APP_CLIENT).claim("token_use", "access").scope("orders/read")
                .subject("cognito-user").tokenId("cognito-jti");
    }

    private static String reasonOf(String logLine) {
        Matcher m = REASON.matcher(logLine);
        assertThat(m.find()).as("a decision line with a reason: %s", logLine).isTrue();
        return m.group(1);
    }

    /**
     * Found by this suite, fixed in core (c08df71): RFC 7519 makes {@code sub} a StringOrURI, but nimbus turned a
     * numeric {@code sub} into a string, so {@code "sub": 42} and {@code "sub": "42"} were the same principal.
     */
    @Test
    void aNumericSubIsRefused() {
        AuthorizerRig.Log log = new AuthorizerRig.Log();
        AuthorizerHandler handler = AuthorizerRig.handler(AuthorizerRig.environment("tokens", Map.of()),
                (token, now) -> RevocationStatus.notRevoked("types"), AuthorizerRig.CLOCK, log);
        Mutant numeric = TokenMutants.typeConfused("sub", 42, false);
        assertThat(AuthorizerRig.outcome(handler, Shape.REST_TOKEN.event("Bearer " + numeric.token())))
                .isEqualTo(Outcome.UNAUTHORIZED);
    }
}
