package dev.tokengate.authorizer.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.DpopSettings;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9449 section 4.3, check by check: each one accepted when it holds and refused with its reason when not. */
class DpopProofVerifierTest {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String URL = "https://api.example.com/orders/42";
    static final HttpTarget TARGET = HttpTarget.of("GET", "https://api.example.com", "/orders/42").orElseThrow();
    static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    static final ECKey KEY = TestKeys.ec("client");
    static final RSAKey RSA = TestKeys.rsa("client-rsa");

    private final DpopProofVerifier verifier = new DpopProofVerifier();

    private DpopProofVerifier.Result verify(String proof) {
        return verifier.verify(proof, TARGET, TOKEN, ALGORITHMS, DpopSettings.DEFAULTS, NOW);
    }

    private static DpopProofs proof() {
        return DpopProofs.of(KEY, "GET", URL, TOKEN, NOW);
    }

    // --- RFC 9449's own examples ----------------------------------------------------------------------------------

    /** Figure 13: the DPoP proof of a protected-resource request; figure 14 decodes it. */
    static final String RFC_FIGURE_13_PROOF = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6Ik"
            + "VDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCR"
            + "nMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JE"
            + "QSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIj"
            + "oiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0Z"
            + "WRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNF"
            + "c05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71E"
            + "OptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";
    /** Figure 13's access token (opaque in the RFC; the proof's ath is its hash). */
    static final String RFC_ACCESS_TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    /** Figure 9: the cnf.jkt of a token bound to the key of the RFC's proofs. */
    static final String RFC_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
    static final HttpTarget RFC_TARGET = HttpTarget.of("GET", "https://resource.example.org", "/protectedresource")
            .orElseThrow();
    static final Instant RFC_IAT = Instant.ofEpochSecond(1562262618);
    /** Figure 2: a proof for the token endpoint (no ath: it accompanies no access token). */
    static final String RFC_FIGURE_2_PROOF = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6Ik"
            + "VDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCR"
            + "nMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JE"
            + "QSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIj"
            + "oiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwia"
            + "WF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg"
            + "4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

    @Test
    void acceptsTheRfcsProtectedResourceProofAndComputesTheRfcsThumbprint() {
        DpopProofVerifier.Result result = verifier.verify(RFC_FIGURE_13_PROOF, RFC_TARGET, RFC_ACCESS_TOKEN,
                Set.of(JWSAlgorithm.ES256), DpopSettings.DEFAULTS, RFC_IAT);

        assertThat(result).isEqualTo(new DpopProofVerifier.Verified(RFC_JKT, "e1j3V_bKic8-LAEB", RFC_IAT));
        assertThat(DpopProofVerifier.accessTokenHash(RFC_ACCESS_TOKEN))
                .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    }

    @Test
    void refusesTheRfcsProofForAnotherToken() {
        assertThat(verifier.verify(RFC_FIGURE_13_PROOF, RFC_TARGET, RFC_ACCESS_TOKEN + "x",
                Set.of(JWSAlgorithm.ES256), DpopSettings.DEFAULTS, RFC_IAT))
                .isEqualTo(new DpopProofVerifier.Refused(DenyReason.DPOP_PROOF_MISMATCH,
                        "ath is not the hash of the presented access token"));
    }

    @Test
    void refusesTheRfcsProofOutsideItsWindowAndElsewhere() {
        assertThat(verifier.verify(RFC_FIGURE_13_PROOF, RFC_TARGET, RFC_ACCESS_TOKEN, Set.of(JWSAlgorithm.ES256),
                DpopSettings.DEFAULTS, RFC_IAT.plusSeconds(61))).extracting(r -> reason(r))
                .isEqualTo(DenyReason.DPOP_PROOF_OUTSIDE_WINDOW);
        HttpTarget post = HttpTarget.of("POST", "https://resource.example.org", "/protectedresource").orElseThrow();
        assertThat(reason(verifier.verify(RFC_FIGURE_13_PROOF, post, RFC_ACCESS_TOKEN, Set.of(JWSAlgorithm.ES256),
                DpopSettings.DEFAULTS, RFC_IAT))).isEqualTo(DenyReason.DPOP_PROOF_MISMATCH);
    }

    @Test
    void refusesTheRfcsTokenEndpointProofAtAResource() {
        HttpTarget token = HttpTarget.of("POST", "https://server.example.com", "/token").orElseThrow();
        assertThat(verifier.verify(RFC_FIGURE_2_PROOF, token, RFC_ACCESS_TOKEN, Set.of(JWSAlgorithm.ES256),
                DpopSettings.DEFAULTS, Instant.ofEpochSecond(1562262616)))
                .isEqualTo(new DpopProofVerifier.Refused(DenyReason.DPOP_PROOF_INVALID,
                        "required claim ath is missing"));
    }

    // --- accepted ----------------------------------------------------------------------------------------------------

    @Test
    void acceptsAFreshEs256ProofAndReportsItsKeyAndJti() {
        DpopProofs proof = proof();
        assertThat(verify(proof.sign())).isEqualTo(new DpopProofVerifier.Verified(DpopProofs.thumbprint(KEY),
                proof.jti(), NOW));
    }

    @Test
    void acceptsAnRs256Proof() {
        assertThat(verify(DpopProofs.of(RSA, "GET", URL, TOKEN, NOW).sign()))
                .isInstanceOf(DpopProofVerifier.Verified.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://API.Example.COM/orders/42", "HTTPS://api.example.com:443/orders/42",
            "https://api.example.com/orders/./42", "https://api.example.com/orders/x/../42",
            "https://api.example.com/%6Frders/42"})
    void acceptsAnHtuThatNormalizesToTheRequestUrl(String htu) {
        assertThat(verify(proof().claim("htu", htu).sign())).isInstanceOf(DpopProofVerifier.Verified.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {-60, 0, 5})
    void acceptsAnIatFromTheWindowBackToTheClockSkewAhead(long offsetSeconds) {
        assertThat(verify(proof().claim("iat", NOW.getEpochSecond() + offsetSeconds).sign()))
                .isInstanceOf(DpopProofVerifier.Verified.class);
    }

    @Test
    void theWindowAndSkewAreTheProfilesOwn() {
        DpopSettings tight = new DpopSettings(DpopSettings.Mode.ALLOWED, Duration.ofSeconds(10), Duration.ZERO);
        String elevenSecondsOld = proof().claim("iat", NOW.getEpochSecond() - 11).sign();
        String oneSecondAhead = proof().claim("iat", NOW.getEpochSecond() + 1).sign();

        assertThat(reason(verifier.verify(elevenSecondsOld, TARGET, TOKEN, ALGORITHMS, tight, NOW)))
                .isEqualTo(DenyReason.DPOP_PROOF_OUTSIDE_WINDOW);
        assertThat(reason(verifier.verify(oneSecondAhead, TARGET, TOKEN, ALGORITHMS, tight, NOW)))
                .isEqualTo(DenyReason.DPOP_PROOF_OUTSIDE_WINDOW);
        assertThat(verify(elevenSecondsOld)).isInstanceOf(DpopProofVerifier.Verified.class);
    }

    // --- refused, one case per check -------------------------------------------------------------------------------

    static Stream<Arguments> refusals() {
        ECKey other = TestKeys.ec("someone-else");
        RSAKey weak = TestKeys.rsa("weak", 1024);
        ECKey p384 = TestKeys.ec("p384", Curve.P_384, JWSAlgorithm.ES384);
        return Stream.of(
                // 1, 2: one well-formed JWT
                refusal("not a JWS", DenyReason.DPOP_PROOF_INVALID, p -> "not-a-jws"),
                refusal("two segments", DenyReason.DPOP_PROOF_INVALID, p -> p.sign().substring(0,
                        p.sign().lastIndexOf('.'))),
                refusal("base64 padding", DenyReason.DPOP_PROOF_INVALID, p -> p.sign() + "=="),
                refusal("garbage header", DenyReason.DPOP_PROOF_INVALID, p -> "e30." + p.sign().split("\\.", 2)[1]),
                refusal("oversized", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("pad", "x".repeat(9000)).sign()),
                // 3: required claims of the right types
                refusal("no jti", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("jti", null).sign()),
                refusal("empty jti", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("jti", "").sign()),
                refusal("huge jti", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("jti", "j".repeat(257)).sign()),
                refusal("no htm", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("htm", null).sign()),
                refusal("no htu", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("htu", null).sign()),
                refusal("htu not a string", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("htu", List.of(URL)).sign()),
                refusal("no iat", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("iat", null).sign()),
                refusal("iat a string", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("iat", "now").sign()),
                refusal("no ath", DenyReason.DPOP_PROOF_INVALID, p -> p.claim("ath", null).sign()),
                // 4: typ
                refusal("no typ", DenyReason.DPOP_PROOF_INVALID, p -> p.header("typ", null).sign()),
                refusal("typ JWT", DenyReason.DPOP_PROOF_INVALID, p -> p.header("typ", "JWT").sign()),
                // 5: an asymmetric alg the profile accepts
                refusal("alg none", DenyReason.DPOP_PROOF_INVALID, DpopProofs::unsigned),
                refusal("alg HS256", DenyReason.DPOP_PROOF_INVALID,
                        p -> p.signHmac("a-shared-secret-of-thirty-two-by".getBytes(StandardCharsets.US_ASCII))),
                refusal("alg outside the profile", DenyReason.DPOP_PROOF_INVALID,
                        p -> DpopProofs.of(p384, "GET", URL, TOKEN, NOW).sign()),
                refusal("crit", DenyReason.DPOP_PROOF_INVALID,
                        p -> p.header("crit", List.of("exp")).header("exp", 1).sign()),
                // 6: the signature verifies with the header's jwk
                refusal("no jwk", DenyReason.DPOP_PROOF_INVALID, p -> p.header("jwk", null).sign()),
                refusal("signed by another key", DenyReason.DPOP_PROOF_INVALID,
                        p -> p.header("jwk", other.toPublicJWK().toJSONObject()).sign()),
                refusal("tampered payload", DenyReason.DPOP_PROOF_INVALID, p -> swapPayload(p.sign(),
                        proof().claim("htm", "DELETE").sign())),
                refusal("EC jwk with RS256", DenyReason.DPOP_PROOF_INVALID, p -> DpopProofs.of(RSA, "GET", URL, TOKEN,
                        NOW).header("jwk", KEY.toPublicJWK().toJSONObject()).sign(JWSAlgorithm.RS256)),
                refusal("RSA key under 2048 bits", DenyReason.DPOP_PROOF_INVALID,
                        p -> DpopProofs.of(weak, "GET", URL, TOKEN, NOW).sign()),
                // 7: no private key in the jwk
                refusal("private jwk", DenyReason.DPOP_PROOF_INVALID, p -> p.header("jwk", KEY.toJSONObject()).sign()),
                // 8, 9: htm and htu name this request
                refusal("wrong htm", DenyReason.DPOP_PROOF_MISMATCH, p -> p.claim("htm", "POST").sign()),
                refusal("htm in lower case", DenyReason.DPOP_PROOF_MISMATCH, p -> p.claim("htm", "get").sign()),
                refusal("htu with query", DenyReason.DPOP_PROOF_MISMATCH, p -> p.claim("htu", URL + "?a=1").sign()),
                refusal("htu with fragment", DenyReason.DPOP_PROOF_MISMATCH, p -> p.claim("htu", URL + "#f").sign()),
                refusal("other host", DenyReason.DPOP_PROOF_MISMATCH,
                        p -> p.claim("htu", "https://evil.example.com/orders/42").sign()),
                refusal("other path", DenyReason.DPOP_PROOF_MISMATCH,
                        p -> p.claim("htu", "https://api.example.com/orders/43").sign()),
                refusal("http", DenyReason.DPOP_PROOF_MISMATCH,
                        p -> p.claim("htu", "http://api.example.com/orders/42").sign()),
                refusal("other port", DenyReason.DPOP_PROOF_MISMATCH,
                        p -> p.claim("htu", "https://api.example.com:8443/orders/42").sign()),
                refusal("relative htu", DenyReason.DPOP_PROOF_MISMATCH, p -> p.claim("htu", "/orders/42").sign()),
                // 11: iat within the window
                refusal("stale iat", DenyReason.DPOP_PROOF_OUTSIDE_WINDOW,
                        p -> p.claim("iat", NOW.getEpochSecond() - 61).sign()),
                refusal("future iat", DenyReason.DPOP_PROOF_OUTSIDE_WINDOW,
                        p -> p.claim("iat", NOW.getEpochSecond() + 6).sign()),
                // 12: ath is the hash of this access token
                refusal("ath of another token", DenyReason.DPOP_PROOF_MISMATCH,
                        p -> p.claim("ath", DpopProofs.ath(TOKEN + "x")).sign()),
                refusal("ath of nothing", DenyReason.DPOP_PROOF_MISMATCH, p -> p.claim("ath", "x").sign()));
    }

    private static Arguments refusal(String name, DenyReason reason, Function<DpopProofs, String> make) {
        return Arguments.of(name, reason, make);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithItsReason(String name, DenyReason expected, Function<DpopProofs, String> make) {
        DpopProofVerifier.Result result = verify(make.apply(proof()));

        assertThat(result).as(name).isInstanceOf(DpopProofVerifier.Refused.class);
        assertThat(reason(result)).as(name + ": " + result).isEqualTo(expected);
    }

    @Test
    void aRememberedProofKeyStillNeedsAValidSignatureEveryTime() {
        assertThat(verify(proof().sign())).isInstanceOf(DpopProofVerifier.Verified.class); // KEY's verifier kept
        ECKey other = TestKeys.ec("other");
        String signedByOtherUnderKeysJwk = DpopProofs.of(other, "GET", URL, TOKEN, NOW)
                .header("jwk", KEY.toPublicJWK().toJSONObject()).sign();

        assertThat(reason(verify(signedByOtherUnderKeysJwk))).isEqualTo(DenyReason.DPOP_PROOF_INVALID);
        assertThat(verify(proof().sign())).isInstanceOf(DpopProofVerifier.Verified.class);
    }

    @Test
    void aRememberedHeaderIsStillCheckedAgainstEachProfile() {
        String proof = proof().sign();
        assertThat(verify(proof)).isInstanceOf(DpopProofVerifier.Verified.class); // header and key now remembered

        assertThat(verifier.verify(proof, TARGET, TOKEN, Set.of(JWSAlgorithm.RS256), DpopSettings.DEFAULTS, NOW))
                .isEqualTo(new DpopProofVerifier.Refused(DenyReason.DPOP_PROOF_INVALID,
                        "alg is not one the issuer profile accepts ([RS256])"));
    }

    @Test
    void namesPrivateKeyMaterialAndAlgNoneInTheDetail() {
        assertThat(verify(proof().header("jwk", KEY.toJSONObject()).sign())).extracting(r ->
                ((DpopProofVerifier.Refused) r).detail()).isEqualTo("the jwk carries private key material");
        assertThat(verify(proof().unsigned())).extracting(r -> ((DpopProofVerifier.Refused) r).detail())
                .isEqualTo("alg none: the DPoP proof is not signed");
    }

    @Test
    void detailsNeverCarryProofOrTokenMaterial() {
        String proof = proof().claim("htm", "POST").sign();
        String detail = ((DpopProofVerifier.Refused) verify(proof)).detail();
        for (String segment : proof.split("\\.")) {
            assertThat(detail).doesNotContain(segment);
        }
        assertThat(detail).doesNotContain(TOKEN.split("\\.")[1]);
    }

    private static DenyReason reason(DpopProofVerifier.Result result) {
        return result instanceof DpopProofVerifier.Refused refused ? refused.reason() : null;
    }

    private static String swapPayload(String signed, String other) {
        String[] a = signed.split("\\.");
        return a[0] + "." + other.split("\\.")[1] + "." + a[2];
    }
}
