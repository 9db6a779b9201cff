package dev.tokengate.lambdatier.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequest;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.CredentialVariables;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Cognito sign-out function's zip under the real runtime client, as the template deploys it with
 * {@code CognitoSignOutEvents=true} (on demand: the role's keys in the environment), against moto's DynamoDB and
 * Cognito behind the signature-checking proxy: the sample EventBridge events revoke the user, and a username is
 * resolved with a signed {@code AdminGetUser} on the configured pool.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoSignOutIT {
    private MotoServer moto;
    private String tokenTable;
    private String pool;
    private String aliceSub;
    private LambdaSandbox signOuts;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        tokenTable = TierTables.tokenTable(moto, "lambda-tier-cognito");
        try (CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(moto.endpoint()).region(MotoServer.REGION).credentialsProvider(MotoServer.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            pool = cognito.createUserPool(r -> r.poolName("lambda-tier")).userPool().id();
            cognito.adminCreateUser(r -> r.userPoolId(pool).username("alice"));
            aliceSub = cognito.adminGetUser(r -> r.userPoolId(pool).username("alice")).userAttributes().stream()
                    .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        }
        signOuts = LambdaSandbox.function("CognitoSignOutFunction")
                .parameters(stack())
                .tokenTableOn(moto, tokenTable)
                .start();
    }

    @AfterAll
    void stop() {
        if (signOuts != null) {
            signOuts.close();
        }
    }

    @Test
    void aGlobalSignOutRevokesEveryTokenOfTheUser() {
        DynamoDbRequests.Window traffic = signOuts.dynamoDb().window();

        Invocation invocation = signOuts.invoke(event("global-sign-out.json", "7d0c1a52-1111-4f6e-9d1e-0000000000a1",
                aliceSub));

        assertThat(invocation.response().isObject()).as(invocation::report).isTrue();
        assertThat(marker(aliceSub).get(TokenTable.SOURCE).s()).isEqualTo("COGNITO_SIGN_OUT");
        assertThat(traffic.requests()).extracting(DynamoDbRequest::operation).containsExactly("UpdateItem");
        assertThat(traffic.requests()).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(DynamoDbRequest.Verdict.ACCEPTED));
    }

    @Test
    void aUsernameIsResolvedWithASignedAdminGetUserOnThePool() {
        DynamoDbRequests.Window traffic = signOuts.dynamoDb().window();

        Invocation invocation = signOuts.invoke(event("admin-user-global-sign-out-username.json", "unused", "unused"));

        assertThat(invocation.succeeded()).as(invocation::report).isTrue();
        signOuts.logs().await("a sign-out resolved by username",
                line -> line.path("reason").asText().equals("SUB_FROM_ADMIN_GET_USER"), Duration.ofSeconds(10));
        assertThat(marker(aliceSub)).isNotEmpty();
        List<DynamoDbRequest> requests = traffic.requests();
        assertThat(requests).extracting(DynamoDbRequest::operation).containsExactly("AdminGetUser", "UpdateItem");
        assertThat(requests).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(DynamoDbRequest.Verdict.ACCEPTED));
    }

    /**
     * What makes Lambda retry the event twice and then send it to CognitoSignOutFailureQueue (the function's
     * dead-letter queue): a sign-out that cannot be stored is an invocation error under the runtime client, never a
     * success that drops it.
     */
    @Test
    void aSignOutThatCannotBeStoredFailsTheInvocationSoLambdaRetriesAndKeepsIt() {
        try (LambdaSandbox unstored = LambdaSandbox.function("CognitoSignOutFunction")
                .parameters(stack())
                .tokenTableOn(moto, tokenTable + "-missing")
                .start()) {
            Invocation invocation = unstored.invoke(event("global-sign-out.json",
                    "7d0c1a52-1111-4f6e-9d1e-0000000000a1", "bob-" + aliceSub));

            assertThat(invocation.succeeded()).as(invocation::report).isFalse();
            assertThat(invocation.error().errorMessage()).as(invocation::report)
                    .isEqualTo("sign-out not recorded (ResourceNotFoundException); the event is retried");
            unstored.logs().await("the FAILED line", line -> line.path("outcome").asText().equals("FAILED")
                    && line.path("reason").asText().equals("ResourceNotFoundException"), Duration.ofSeconds(10));
        }
    }

    @Test
    void runsWithTheRolesKeysInTheEnvironmentAsAnOnDemandFunction() {
        CredentialVariables.assertEnvironmentCredentialsOnly(signOuts);
    }

    /** The stack with sign-outs on for the moto pool, whose issuer is a Cognito access-token profile. */
    private StackParameters stack() {
        String issuer = "https://cognito-idp." + MotoServer.REGION.id() + ".amazonaws.com/" + pool;
        return StackParameters.of(Map.of("CognitoSignOutEvents", "true", "CognitoUserPoolIds", pool,
                "TrustedIssuers", "[{\"id\":\"cognito\",\"issuer\":\"" + issuer + "\","
                        + "\"preset\":\"cognito-access\",\"clientIds\":[\"app\"]}]"));
    }

    private ObjectNode event(String file, String sampleSub, String sub) {
        String json = Events.load("cognito-events-fn", file).toString().replace("us-east-1_Ex4mPl3Id", pool)
                .replace(sampleSub, sub);
        try {
            return (ObjectNode) new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, AttributeValue> marker(String sub) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            return dynamoDb.getItem(get -> get.tableName(tokenTable)
                    .key(TokenTable.revokedBeforeKey(new Principal("cognito", sub))).consistentRead(true)).item();
        }
    }
}
