package dev.tokengate.lambdatier.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.JwksServer;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, point 9, as deployed: the authorizer's zip under the real runtime client, its issuer's keys at a JWKS
 * endpoint (on loopback, through {@code TrustedIssuers}) with the template's default refresh interval (30 s, longer
 * than this test). Random {@code kid}s spend the refresh budget, the issuer rotates in a key, and that key's valid
 * token is answered with the function error API Gateway turns into an uncached 500, never with {@code Unauthorized}.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksRefreshBudgetIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final String ISSUER = "https://rotating.lambda-tier.test/";
    private static final String AUDIENCE = "orders-api";

    private final RSAKey current = TestKeys.rsa("rotation-current");
    private final RSAKey next = TestKeys.rsa("rotation-next");
    private final RSAKey attacker = TestKeys.rsa("attacker");
    private JwksServer jwks;
    private LambdaSandbox authorizer;

    @BeforeAll
    void start(MotoServer moto) {
        jwks = JwksServer.start(TestKeys.publicSet(current));
        String tokenTable = TierTables.tokenTable(moto, "lambda-tier-tokens");
        String profiles = "[{\"id\":\"rotating\",\"issuer\":\"" + ISSUER + "\",\"audiences\":[\"" + AUDIENCE + "\"],"
                + "\"algorithms\":[\"RS256\"],\"jwksUrl\":\"" + jwks.url() + "\"}]";
        authorizer = LambdaSandbox.function("AuthorizerFunction")
                .parameters(StackParameters.of(Map.of("TrustedIssuers", profiles)))
                .tokenTableOn(moto, tokenTable)
                .start();
    }

    @AfterAll
    void stop() {
        if (authorizer != null) {
            authorizer.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    private static TestTokens token() {
        return TestTokens.valid(ISSUER, AUDIENCE, Instant.now()).subject("user-" + UUID.randomUUID());
    }

    /** The function's answer to a REST REQUEST event: ALLOW, or the error message, with the decision's reason. */
    private String decide(String token) {
        Invocation invocation = authorizer.invoke(Events.withToken("authorizer", "rest-request.json", token));
        JsonNode decision = authorizer.logs().await("authorizer.decision of request " + invocation.requestId(),
                line -> "authorizer.decision".equals(line.path("event").asText())
                        && invocation.requestId().equals(line.path("requestId").asText()), LOG_WAIT);
        String answer = invocation.succeeded() ? "ALLOW" : invocation.error().errorMessage();
        return answer + " " + decision.path("reason").asText(decision.path("outcome").asText());
    }

    @Test
    void aRotatedKeysValidTokenIsAnUncachedErrorWhileRandomKidsHaveSpentTheRefreshBudget() {
        assertThat(decide(token().sign(current))).as(authorizer::report).startsWith("ALLOW");
        String lookedFor = token().header("kid", "random-1").sign(attacker);
        assertThat(decide(lookedFor)).as("its own refresh looked for it").isEqualTo("Unauthorized UNKNOWN_KEY");
        assertThat(decide(token().header("kid", "random-2").sign(attacker)))
                .isEqualTo("AuthorizerUnavailable KEY_REFRESH_DEFERRED");

        jwks.serve(TestKeys.publicSet(current, next));

        assertThat(decide(token().sign(next))).as("a valid token of the key the issuer has just rotated in")
                .isEqualTo("AuthorizerUnavailable KEY_REFRESH_DEFERRED");
        assertThat(decide(lookedFor)).isEqualTo("Unauthorized UNKNOWN_KEY");
        assertThat(decide(token().sign(current))).startsWith("ALLOW");
        assertThat(jwks.requestCount()).as("the first load and one refresh: the rest of the budget is the limiter's")
                .isEqualTo(2);
    }
}
