package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every claim the validator reads, set to JSON {@code null} and to every JSON type it does not have: always
 * {@code INVALID_CLAIM}, never read as absent (a {@code null} {@code nbf} must not be a token without {@code nbf}, a
 * {@code null} scope claim not a token without scopes). Every header parameter set to {@code null}: {@code
 * MALFORMED_TOKEN}, the answer to any mistyped header parameter. Each token is signed by the trusted key, so the
 * type is the only thing wrong with it.
 */
class ClaimTypesTest {
    static final Instant NOW = JwtValidatorTest.NOW;
    static final RSAKey KEY = JwtValidatorTest.RSA;
    static final String COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ClaimTypes1";
    static final String COGNITO_ID = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ClaimTypes2";
    static final String CUSTOM = "https://custom.example.com/";

    /** One profile of each kind: RFC 9068 with aud, Cognito access and ID tokens, a custom scope and required claim. */
    static final JwtValidator VALIDATOR = JwtValidator.create(JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS", "["
            + profile("rfc", JwtValidatorTest.ISSUER, "\"audiences\":[\"" + JwtValidatorTest.AUDIENCE + "\"]") + ","
            + profile("cognito", COGNITO, "\"preset\":\"cognito-access\",\"clientIds\":[\"app-1\"]") + ","
            + profile("cognito-id", COGNITO_ID, "\"preset\":\"cognito-id\",\"clientIds\":[\"spa-1\"]") + ","
            + profile("custom", CUSTOM, "\"audiences\":[\"api\"],\"scopeClaim\":\"permissions\","
                    + "\"requiredClaims\":[\"tenant\"]") + "]")));

    static String profile(String id, String issuer, String fields) {
        return "{\"id\":\"" + id + "\",\"issuer\":\"" + issuer + "\",\"jwks\":" + TestKeys.publicJson(KEY) + ","
                + fields + "}";
    }

    /** The token each profile accepts; a case changes one claim of it. */
    enum Base {
        RFC {
            @Override
            TestTokens token() {
                return JwtValidatorTest.token().scope("orders:read").claim("scp", List.of("a")).claim("client_id", "web")
                        .claim("origin_jti", "family-1").claim("sid", "session-1").claim("token_use", "access")
                        .claim("nbf", NOW.getEpochSecond() - 60).claim("cnf", Map.of("jkt", JwtValidatorTest.JKT));
            }
        },
        COGNITO_ACCESS {
            @Override
            TestTokens token() {
                return TestTokens.valid(COGNITO, "unused", NOW.minusSeconds(60)).header("typ", null).without("aud")
                        .claim("client_id", "app-1").claim("token_use", "access").scope("orders/read");
            }
        },
        COGNITO_ID_TOKEN {
            @Override
            TestTokens token() {
                return TestTokens.valid(COGNITO_ID, "spa-1", NOW.minusSeconds(60)).header("typ", null)
                        .claim("token_use", "id");
            }
        },
        CUSTOM_PROFILE {
            @Override
            TestTokens token() {
                return TestTokens.valid(ClaimTypesTest.CUSTOM, "api", NOW.minusSeconds(60))
                        .claim("permissions", List.of("orders:read")).claim("tenant", "t-1");
            }
        };

        abstract TestTokens token();
    }

    // JSON values by type; a claim is tried with every one that is not its type
    static final List<Object> NOT_STRING = List.of(0, 1.5, -1, true, false, List.of(), List.of("x"), Map.of(),
            Map.of("k", "v"));
    static final List<Object> NOT_NUMBER = List.of("text", "", "1700000000", true, List.of(), List.of(1), Map.of(),
            Map.of("k", 1));
    static final List<Object> NOT_STRING_OR_STRINGS = List.of(0, 1.5, true, List.of(1), listWithNull("x"), Map.of(),
            Map.of("k", "v"));
    static final List<Object> NOT_AUDIENCE = List.of(0, 1.5, true, List.of(1), List.of(JwtValidatorTest.AUDIENCE, 5),
            listWithNull(JwtValidatorTest.AUDIENCE), Map.of(), Map.of("aud", JwtValidatorTest.AUDIENCE));

    static List<Object> listWithNull(String first) {
        return new ArrayList<>(Arrays.asList(first, null));
    }

    static Stream<Arguments> wrongTypes() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, Base.RFC, List.of("iss", "sub", "jti", "scope", "client_id", "token_use", "origin_jti", "sid"),
                NOT_STRING);
        add(cases, Base.RFC, List.of("exp", "nbf", "iat"), NOT_NUMBER);
        add(cases, Base.RFC, List.of("aud"), NOT_AUDIENCE);
        add(cases, Base.RFC, List.of("scp"), NOT_STRING_OR_STRINGS);
        add(cases, Base.COGNITO_ACCESS, List.of("token_use", "client_id", "scope", "sub", "jti"), NOT_STRING);
        add(cases, Base.COGNITO_ID_TOKEN, List.of("token_use"), NOT_STRING);
        add(cases, Base.COGNITO_ID_TOKEN, List.of("aud"), List.of(0, true, List.of(1), Map.of()));
        add(cases, Base.CUSTOM_PROFILE, List.of("permissions"), NOT_STRING_OR_STRINGS);
        return cases.stream();
    }

    private static void add(List<Arguments> cases, Base base, List<String> claims, List<Object> values) {
        for (String claim : claims) {
            for (Object value : values) {
                cases.add(Arguments.of(base, claim, value));
            }
        }
    }

    /** Every claim any profile reads, JSON null in the token of a profile that reads it. */
    static Stream<Arguments> nullClaims() {
        List<Arguments> cases = new ArrayList<>();
        for (String claim : List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope", "scp", "client_id",
                "token_use", "origin_jti", "sid", "cnf")) {
            cases.add(Arguments.of(Base.RFC, claim));
        }
        for (String claim : List.of("token_use", "client_id", "scope", "iss", "exp")) {
            cases.add(Arguments.of(Base.COGNITO_ACCESS, claim));
        }
        cases.add(Arguments.of(Base.COGNITO_ID_TOKEN, "token_use"));
        cases.add(Arguments.of(Base.COGNITO_ID_TOKEN, "aud"));
        // the profile's own scope claim and required claim
        cases.add(Arguments.of(Base.CUSTOM_PROFILE, "permissions"));
        cases.add(Arguments.of(Base.CUSTOM_PROFILE, "tenant"));
        return cases.stream();
    }

    static DenyReason reason(String jwt) {
        ValidationResult result = VALIDATOR.validate(jwt, NOW);
        assertThat(result).as("%s", result).isInstanceOf(ValidationResult.Rejected.class);
        return ((ValidationResult.Rejected) result).reason();
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("wrongTypes")
    void aClaimOfAnyOtherJsonTypeIsInvalid(Base base, String claim, Object value) {
        assertThat(VALIDATOR.validate(base.token().sign(KEY), NOW)).as("the unchanged %s token", base)
                .isInstanceOf(ValidationResult.Valid.class);
        assertThat(reason(base.token().claim(claim, value).sign(KEY))).isEqualTo(DenyReason.INVALID_CLAIM);
    }

    @ParameterizedTest(name = "{0}: {1} = null")
    @MethodSource("nullClaims")
    void aClaimTheValidatorReadsIsInvalidWhenNullNeverAbsent(Base base, String claim) {
        assertThat(VALIDATOR.validate(base.token().sign(KEY), NOW)).as("the unchanged %s token", base)
                .isInstanceOf(ValidationResult.Valid.class);
        ValidationResult result = VALIDATOR.validate(base.token().nullClaim(claim).sign(KEY), NOW);
        assertThat(result).isInstanceOfSatisfying(ValidationResult.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(DenyReason.INVALID_CLAIM);
            assertThat(rejected.detail()).isEqualTo(claim + " is null");
        });
    }

    @ParameterizedTest(name = "header {0} = null")
    @MethodSource("headerParameters")
    void aNullHeaderParameterIsMalformedLikeAnyMistypedOne(String parameter) {
        assertThat(reason(Base.RFC.token().nullHeader(parameter).sign(KEY))).isEqualTo(DenyReason.MALFORMED_TOKEN);
        if (!parameter.startsWith("x-")) { // a registered parameter of another type: nimbus refuses the header
            assertThat(reason(Base.RFC.token().header(parameter, 7).sign(KEY))).isEqualTo(DenyReason.MALFORMED_TOKEN);
        }
    }

    @ParameterizedTest(name = "Cognito header {0} = null")
    @MethodSource("headerParameters")
    void aNullTypIsNotAMissingTypForAProfileThatAcceptsNone(String parameter) {
        // Cognito's profiles accept a token without typ: one whose typ is null must not pass as one without
        assertThat(reason(Base.COGNITO_ACCESS.token().nullHeader(parameter).sign(KEY)))
                .isEqualTo(DenyReason.MALFORMED_TOKEN);
    }

    static Stream<String> headerParameters() {
        return Stream.of("typ", "kid", "crit", "cty", "b64", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256",
                "x-custom");
    }
}
