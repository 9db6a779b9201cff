package dev.tokengate.lambdatier.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The authorizer deployed with the template's {@code TrustedIssuers}: an Amazon Cognito user pool through the
 * {@code cognito-access} preset and a partner IdP, each with its own key, under the real runtime client. Cognito access
 * tokens pass as they are; revocation state is read in the token's own issuer's namespace only.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssuerProfilesIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final String COGNITO = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LambdaTier";
    private static final String PARTNER = "https://partner.lambda-tier.test/";
    private static final String APP_CLIENT = "lambda-tier-app-client";

    private final RSAKey cognitoKey = TestKeys.rsa("pool-key");
    private final RSAKey partnerKey = TestKeys.rsa("pool-key"); // the same kid on purpose: keys never cross profiles
    private MotoServer moto;
    private String tokenTable;
    private LambdaSandbox authorizer;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        tokenTable = TierTables.tokenTable(moto, "lambda-tier-tokens");
        String profiles = "[{\"id\":\"cognito\",\"issuer\":\"" + COGNITO + "\",\"preset\":\"cognito-access\","
                + "\"clientIds\":[\"" + APP_CLIENT + "\"],\"jwks\":" + TestKeys.publicJson(cognitoKey) + "},"
                + "{\"id\":\"partner\",\"issuer\":\"" + PARTNER + "\",\"audiences\":[\"orders-api\"],"
                + "\"algorithms\":[\"RS256\"],\"jwks\":" + TestKeys.publicJson(partnerKey) + "}]";
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
    }

    /** A Cognito access token as a user pool issues it: no typ, no aud, client_id, token_use, origin_jti. */
    private TestTokens cognitoAccessToken(String sub) {
        return TestTokens.valid(COGNITO, "unused", Instant.now()).header("typ", null).without("aud").subject(sub)
                .claim("client_id", APP_CLIENT).claim("token_use", "access").claim("origin_jti", "rt-" + sub)
                .scope("orders/read");
    }

    private JsonNode decide(String token) {
        Invocation invocation = authorizer.invoke(Events.withToken("authorizer", "rest-request.json", token));
        return authorizer.logs().await("authorizer.decision of request " + invocation.requestId(),
                line -> "authorizer.decision".equals(line.path("event").asText())
                        && invocation.requestId().equals(line.path("requestId").asText()), LOG_WAIT);
    }

    private void revokeAllBefore(Principal user, Instant before) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.revokedBeforeKey(user));
        item.put(TokenTable.REVOKED_BEFORE, AttributeValue.fromN(Long.toString(before.getEpochSecond())));
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            dynamoDb.putItem(put -> put.tableName(tokenTable).item(item));
        }
    }

    @Test
    void aCognitoAccessTokenPassesAsCognitoIssuesIt() {
        JsonNode decision = decide(cognitoAccessToken("carol").sign(cognitoKey));

        assertThat(decision.path("outcome").asText()).as(authorizer::report).isEqualTo("ALLOW");
        assertThat(decision.path("issuerId").asText()).isEqualTo("cognito");
    }

    @Test
    void aCognitoIdTokenIsNotAnAccessToken() {
        String idToken = cognitoAccessToken("carol").claim("token_use", "id").sign(cognitoKey);

        assertThat(decide(idToken).path("reason").asText()).isEqualTo("TOKEN_USE_MISMATCH");
    }

    @Test
    void aTokenClaimingOneIssuerSignedWithTheOthersSameKidIsRefused() {
        assertThat(decide(cognitoAccessToken("carol").sign(partnerKey)).path("reason").asText())
                .isEqualTo("BAD_SIGNATURE");
        assertThat(decide(TestTokens.valid("https://unknown.example/", "orders-api", Instant.now()).sign(partnerKey))
                .path("reason").asText()).isEqualTo("UNKNOWN_ISSUER");
    }

    @Test
    void aRevokeAllOfOneIssuersUserLeavesTheOtherIssuersSameSubAllowed() {
        String sub = "alice-" + UUID.randomUUID();
        String cognitoToken = cognitoAccessToken(sub).sign(cognitoKey);
        revokeAllBefore(new Principal("partner", sub), Instant.now().plusSeconds(60));
        assertThat(decide(cognitoToken).path("outcome").asText()).isEqualTo("ALLOW");

        revokeAllBefore(new Principal("cognito", sub), Instant.now().plusSeconds(60));
        JsonNode refused = decide(cognitoToken);
        assertThat(refused.path("reason").asText()).isEqualTo("USER_REVOKED");
        assertThat(refused.path("issuerId").asText()).isEqualTo("cognito");
    }

    @Test
    void thePrimingRanThroughEveryProfile() {
        JsonNode primed = authorizer.logs().await("authorizer.snapstart beforeCheckpoint",
                line -> "authorizer.snapstart".equals(line.path("event").asText())
                        && "beforeCheckpoint".equals(line.path("phase").asText()), LOG_WAIT);

        assertThat(primed.path("priming").asText()).as(authorizer::report).isEqualTo("ALLOW");
        assertThat(primed.path("profiles").asInt()).isEqualTo(2);
        assertThat(primed.path("tokens").asInt()).isEqualTo(2);
    }
}
