package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.handler.AuthorizerRig.Outcome;
import dev.tokengate.authorizer.handler.AuthorizerRig.Shape;
import dev.tokengate.authorizer.handler.TokenMutants.Mutant;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.hardening.Measurements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Type confusion of every claim and header parameter, exhaustively over one value of each JSON type, each token
 * signed by the trusted key: the table the fuzz property samples from, written out. Also printed for SECURITY.md.
 */
class AuthorizerClaimTypesTest {
    private static final List<Object> VALUES = List.of("text", "", 0, 1, -1, 4102444800L, 1.5, true, false,
            List.of(), List.of("text"), List.of(AuthorizerRig.AUDIENCE), List.of(1, 2), Map.of(), Map.of("k", "v"));

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
