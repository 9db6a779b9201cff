package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.handler.AuthorizerRig.Outcome;
import dev.tokengate.authorizer.replay.ReplayStatus;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.hardening.Fuzz;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.TestKeys;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of DPoP proofs on a valid DPoP-bound token (pure tier: the revocation check and the replay
 * store answer from memory, the store says "first use" to every proof, so each mutant is judged on its own). No
 * mutated proof (bit flips, character changes, truncations, segments moved) and no proof by another key, whatever its
 * claims, is ever allowed, unless its three segments decode to the valid proof's very bytes; no log line carries
 * token or proof material.
 */
class DpopProofFuzzTest {
    static final String DOMAIN = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";
    static final String URL = "https://" + DOMAIN + "/prod/orders/42";
    static final ECKey CLIENT = TestKeys.ec("fuzz-client");
    static final ECKey THIEF = TestKeys.ec("fuzz-thief");
    static final String TOKEN = AuthorizerRig.token("carol", "dpop-fuzz-1").claim("cnf", DpopProofs.confirmation(CLIENT))
            .sign(AuthorizerRig.KEY);
    static final String PROOF = DpopProofs.of(CLIENT, "GET", URL, TOKEN, AuthorizerRig.NOW).sign();

    private final AuthorizerRig.Log log = new AuthorizerRig.Log();
    private final AuthorizerHandler handler = new AuthorizerHandler(
            AuthorizerConfig.fromEnvironment(AuthorizerRig.environment("tokens", Map.of())),
            (token, now) -> RevocationStatus.notRevoked("fuzz"), (use, now) -> ReplayStatus::firstUse,
            AuthorizerRig.CLOCK, log);

    static Map<String, Object> event(String proof) {
        String authorization = "DPoP " + TOKEN;
        return Map.of("type", "REQUEST", "methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42",
                "httpMethod", "GET", "headers", Map.of("Authorization", authorization, "DPoP", proof),
                "multiValueHeaders", Map.of("Authorization", List.of(authorization), "DPoP", List.of(proof)),
                "requestContext", Map.of("httpMethod", "GET", "domainName", DOMAIN, "path", "/prod/orders/42"));
    }

    @Provide
    Arbitrary<String> mutants() {
        Arbitrary<Character> anyChar = Arbitraries.chars()
                .with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ,");
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1 << 14))
                        .as(DpopProofFuzzTest::bitFlip),
                Combinators.combine(Arbitraries.integers().between(0, PROOF.length() - 1), anyChar)
                        .as((at, c) -> PROOF.substring(0, at) + c + PROOF.substring(at + 1)),
                Arbitraries.integers().between(0, PROOF.length() - 1).map(at -> PROOF.substring(0, at)),
                Arbitraries.integers().between(0, 5).map(DpopProofFuzzTest::segments),
                Combinators.combine(Arbitraries.of("htm", "htu", "iat", "ath", "jti", "typ", "alg"),
                        Arbitraries.of("GET", URL, "", "x", 0, AuthorizerRig.NOW.getEpochSecond(), List.of(URL)))
                        .as(DpopProofFuzzTest::byTheThief));
    }

    @Property(seed = Fuzz.SEED)
    void noMutatedOrForeignProofIsEverAllowed(@ForAll("mutants") String proof) {
        log.clear();
        Outcome outcome = AuthorizerRig.outcome(handler, event(proof));

        if (outcome == Outcome.ALLOW) {
            assertThat(sameBytes(proof, PROOF)).as("allowed: %s", proof).isTrue();
        }
        assertThat(outcome).isNotEqualTo(Outcome.UNAVAILABLE);
        Fuzz.assertNoTokenMaterial(log.lines, List.of(TOKEN, proof, PROOF));
    }

    @Example
    void theValidProofIsAllowed() {
        assertThat(AuthorizerRig.outcome(handler, event(PROOF))).isEqualTo(Outcome.ALLOW);
    }

    /** A bit of the decoded header, payload or signature flipped, re-encoded. */
    static String bitFlip(int segment, int bit) {
        String[] parts = PROOF.split("\\.");
        byte[] bytes = new Base64URL(parts[segment]).decode();
        int at = bit % (bytes.length * 8);
        bytes[at / 8] ^= (byte) (1 << (at % 8));
        parts[segment] = Base64URL.encode(bytes).toString();
        return String.join(".", parts);
    }

    /** Segments dropped, doubled, swapped, or the token itself where the proof belongs. */
    static String segments(int variant) {
        String[] p = PROOF.split("\\.");
        return switch (variant) {
            case 0 -> p[0] + "." + p[1];
            case 1 -> p[0] + "." + p[1] + "." + p[2] + "." + p[2];
            case 2 -> p[1] + "." + p[0] + "." + p[2];
            case 3 -> TOKEN;
            case 4 -> p[0] + ".." + p[2];
            default -> p[0] + "." + TOKEN.split("\\.")[1] + "." + p[2];
        };
    }

    /** A proof by a key the token is not bound to, with one claim or header set to any value. */
    static String byTheThief(String name, Object value) {
        DpopProofs proof = DpopProofs.of(THIEF, "GET", URL, TOKEN, AuthorizerRig.NOW);
        return List.of("typ", "alg").contains(name) ? proof.header(name, value).sign() : proof.claim(name, value).sign();
    }

    /** Whether two compact serializations decode to the same three byte strings (base64url's spare bits aside). */
    static boolean sameBytes(String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        if (x.length != 3 || y.length != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (!Arrays.equals(new Base64URL(x[i]).decode(), new Base64URL(y[i]).decode())) {
                return false;
            }
        }
        return true;
    }
}
