package dev.tokengate.lambdatier.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The authorizer's and the revocation API's zips deployed side by side, with API Gateway's hand-off played as it
 * happens: the authorizer's answer ({@code principalId} and {@code context}) becomes the revocation request's
 * {@code requestContext.authorizer}. So what a caller without the admin scope may revoke is decided on what the
 * deployed authorizer really tells the deployed revocation API.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationThroughTheAuthorizerIT {
    private final TestIssuer issuer = TestIssuer.fresh();
    private LambdaSandbox authorizer;
    private LambdaSandbox revokeApi;

    @BeforeAll
    void start(MotoServer moto) {
        String table = TierTables.tokenTable(moto, "lambda-tier-tokens");
        authorizer = LambdaSandbox.function("AuthorizerFunction")
                .parameters(StackParameters.of(issuer.parameters()))
                .tokenTableOn(moto, table).start();
        revokeApi = LambdaSandbox.function("RevokeApiFunction")
                .parameters(StackParameters.of(issuer.parameters()))
                .tokenTableOn(moto, table).start();
    }

    @AfterAll
    void stop() {
        for (LambdaSandbox sandbox : new LambdaSandbox[] {authorizer, revokeApi}) {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    @Test
    void aCallerRevokesItsOwnFamilyAndTokenButNothingItMerelyNames() {
        String sub = "user-" + UUID.randomUUID();
        String family = "rt-" + UUID.randomUUID();
        TestTokens token = issuer.token().subject(sub).claim("origin_jti", family);
        String jti = (String) token.claims().get("jti");
        JsonNode caller = authorize(token);
        assertThat(caller.path("context").path("originJti").asText()).isEqualTo(family);

        Invocation otherFamily = revoke(caller, "revoke-family.json", "POST", "/revocations/families",
                "{\"sub\":\"" + sub + "\",\"originJti\":\"rt-guessed\"}");
        Invocation madeUpId = revoke(caller, "revoke-own-token.json", "POST", "/revocations",
                "{\"sub\":\"" + sub + "\",\"jti\":\"made-up\"}");
        Invocation adminRoute = revoke(caller, "revoke-all-own.json", "POST", "/admin/users/" + sub + "/revoke-all",
                "{}");
        Invocation ownFamily = revoke(caller, "revoke-family.json", "POST", "/revocations/families",
                "{\"sub\":\"" + sub + "\",\"originJti\":\"" + family + "\"}");
        Invocation ownToken = revoke(caller, "revoke-own-token.json", "POST", "/revocations",
                "{\"sub\":\"" + sub + "\",\"jti\":\"" + jti + "\"}");

        assertThat(status(otherFamily)).as(otherFamily::report).isEqualTo(403);
        assertThat(status(madeUpId)).as(madeUpId::report).isEqualTo(403);
        assertThat(status(adminRoute)).as(adminRoute::report).isEqualTo(403);
        assertThat(status(ownFamily)).as(ownFamily::report).isEqualTo(200);
        assertThat(status(ownToken)).as(ownToken::report).isEqualTo(200);

        // the family revocation holds for a token minted later from the same refresh token
        TestTokens sibling = issuer.token().subject(sub).claim("origin_jti", family);
        Invocation refused = authorizer.invoke(Events.withToken("authorizer", "rest-request.json",
                issuer.sign(sibling)));
        assertThat(refused.error().errorMessage()).as(refused::report).isEqualTo("Unauthorized");
    }

    /** The deployed authorizer's answer for a REST REQUEST event carrying the token. */
    private JsonNode authorize(TestTokens token) {
        Invocation invocation = authorizer.invoke(Events.withToken("authorizer", "rest-request.json",
                issuer.sign(token)));
        JsonNode answer = invocation.response();
        assertThat(answer.path("principalId").asText()).as(invocation::report).isNotEmpty();
        return answer;
    }

    /** A revocation request as API Gateway hands it over after that answer. */
    private Invocation revoke(JsonNode answer, String sample, String method, String path, String body) {
        ObjectNode event = Events.load("revoke-fn", sample);
        event.put("httpMethod", method);
        event.put("path", path);
        event.put("body", body);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("httpMethod", method);
        ObjectNode handedOver = context.putObject("authorizer");
        handedOver.put("principalId", answer.path("principalId").asText());
        for (Map.Entry<String, JsonNode> entry : answer.path("context").properties()) {
            handedOver.set(entry.getKey(), entry.getValue());
        }
        return revokeApi.invoke(event);
    }

    private static int status(Invocation invocation) {
        return invocation.response().path("statusCode").asInt();
    }
}
