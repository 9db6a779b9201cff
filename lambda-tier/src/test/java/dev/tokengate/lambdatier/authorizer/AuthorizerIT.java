package dev.tokengate.lambdatier.authorizer;

import static dev.tokengate.lambdatier.fixture.SignedTraffic.assertSignedRequests;
import static dev.tokengate.lambdatier.fixture.SignedTraffic.assertSignedRequestsInAnyOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.credentials.ContainerCredentials;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequest;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.CredentialVariables;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.InitType;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestTokens;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The authorizer's zip under the real runtime client, published with SnapStart as the template says: no credential
 * variables, priming inside the client's checkpoint, one decision per event shape against moto.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizerIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final String SNAPSTART_EVENT = "authorizer.snapstart";

    private final TestIssuer issuer = TestIssuer.fresh();
    private MotoServer moto;
    private String tokenTable;
    private LambdaSandbox authorizer;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        tokenTable = TierTables.tokenTable(moto, "lambda-tier-tokens");
        authorizer = LambdaSandbox.function("AuthorizerFunction")
                .parameters(StackParameters.of(issuer.parameters()))
                .tokenTableOn(moto, tokenTable)
                .start();
    }

    @AfterAll
    void stop() {
        if (authorizer != null) {
            authorizer.close();
        }
    }

    /** The three event shapes API Gateway sends, each from its sample in events/authorizer/. */
    enum Shape {
        REST_TOKEN("rest-token.json"),
        REST_REQUEST("rest-request.json"),
        HTTP_API("http-api-v2.json");

        private final String sample;

        Shape(String sample) {
            this.sample = sample;
        }

        /** REST: an IAM policy allowing the route; HTTP API (simple responses, the template's default): true. */
        void assertAllowed(Invocation invocation, String sub) {
            JsonNode answer = invocation.response();
            if (this == HTTP_API) {
                assertThat(answer.path("isAuthorized").asBoolean(false)).as(invocation::report).isTrue();
                assertThat(answer.path("context").path("sub").asText()).isEqualTo(sub);
            } else {
                assertThat(answer.path("principalId").asText()).as(invocation::report).isEqualTo(sub);
                assertThat(answer.path("policyDocument").path("Statement").findValuesAsText("Effect"))
                        .as(invocation::report).containsOnly("Allow");
            }
        }

        /** REST: the error whose message is exactly "Unauthorized" (API Gateway's 401); HTTP API simple: false. */
        void assertRefused(Invocation invocation) {
            if (this == HTTP_API) {
                assertThat(invocation.response().path("isAuthorized").asBoolean(true)).as(invocation::report)
                        .isFalse();
            } else {
                assertThat(invocation.error().errorMessage()).as(invocation::report).isEqualTo("Unauthorized");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void allowsAValidTokenAfterALookupSignedWithTheServedCredentials(Shape shape) {
        TestTokens token = issuer.token();
        DynamoDbRequests.Window traffic = authorizer.dynamoDb().window();

        Invocation invocation = authorizer.invoke(Events.withToken("authorizer", shape.sample, issuer.sign(token)));

        shape.assertAllowed(invocation, subject(token));
        assertThat(decision(invocation).path("outcome").asText()).isEqualTo("ALLOW");
        assertSignedRequests(authorizer, traffic.requests(), "BatchGetItem");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void refusesARevokedToken(Shape shape) {
        TestTokens token = issuer.token();
        storeRevokedToken(subject(token), tokenId(token));
        DynamoDbRequests.Window traffic = authorizer.dynamoDb().window();

        Invocation invocation = authorizer.invoke(Events.withToken("authorizer", shape.sample, issuer.sign(token)));

        shape.assertRefused(invocation);
        assertThat(decision(invocation).path("reason").asText()).isEqualTo("TOKEN_REVOKED");
        assertSignedRequests(authorizer, traffic.requests(), "BatchGetItem");
    }

    @ParameterizedTest
    @EnumSource(value = Shape.class, names = {"REST_TOKEN", "REST_REQUEST"})
    void aRefusalWritesItsDecisionLineAndTheRuntimesOneLineErrorReportNothingMore(Shape shape) throws Exception {
        TestTokens revoked = issuer.token();
        storeRevokedToken(subject(revoked), tokenId(revoked));
        int before = authorizer.logs().all().size();

        Invocation refusal = authorizer.invoke(Events.withToken("authorizer", shape.sample, issuer.sign(revoked)));
        // The runtime client logs its error report before it asks for the next event, so the next decision line
        // closes everything the refusal wrote.
        Invocation next = authorizer.invoke(Events.withToken("authorizer", shape.sample, issuer.sign(issuer.token())));
        decision(next);
        List<String> written = linesBefore(before, next.requestId());

        shape.assertRefused(refusal);
        assertThat(new ObjectMapper().readTree(refusal.error().body()).path("stackTrace"))
                .as("the error document API Gateway receives carries no frames").isEmpty();
        assertThat(written).as(authorizer::report).hasSize(2);
        EmfValidator.assertValid(written.get(0));
        JsonNode decisionLine = new ObjectMapper().readTree(written.get(0));
        assertThat(decisionLine.path("reason").asText()).isEqualTo("TOKEN_REVOKED");
        JsonNode report = new ObjectMapper().readTree(written.get(1));
        assertThat(report.path("level").asText()).as("the runtime client's own report").isEqualTo("ERROR");
        List<String> reportLines = report.path("message").asText().lines().filter(l -> !l.isBlank()).toList();
        assertThat(reportLines).as("the error named once, not a stack trace").hasSizeLessThanOrEqualTo(2)
                .noneMatch(line -> line.startsWith("\tat ") || line.contains("\tat "));
        System.out.printf("lambda tier: a %s refusal writes %d lines: decision line %d bytes (metrics included), "
                + "runtime error report %d bytes%n", shape, written.size(), written.get(0).length(),
                written.get(1).length());
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void eachDecisionLineIsOneValidEmfDocumentNamingTheFunction(Shape shape) {
        Invocation invocation = authorizer.invoke(Events.withToken("authorizer", shape.sample,
                issuer.sign(issuer.token())));
        decision(invocation);
        String line = authorizer.logs().all().stream()
                .filter(l -> l.contains("\"requestId\":\"" + invocation.requestId() + "\"")).findFirst()
                .orElseThrow();

        EmfValidator.assertValid(line);
        assertThat(EmfDatapoints.read(line)).filteredOn(p -> p.metric().equals("Decisions"))
                .extracting(p -> p.dimensions().get("Function")).containsOnly(authorizer.function().name());
        assertThat(EmfDatapoints.read(line)).filteredOn(p -> p.metric().equals("StoreLatency")).singleElement()
                .satisfies(p -> assertThat(p.values()).hasSize(1));
        assertThat(EmfDatapoints.read(line)).allSatisfy(p -> assertThat(p.namespace()).isEqualTo("tokengate"));
    }

    @Test
    void runsTheSnapStartPrimingInsideTheRuntimeClientsCheckpoint() {
        assertThat(authorizer.initType()).isEqualTo(InitType.SNAP_START);
        authorizer.logs().await(SNAPSTART_EVENT + " afterRestore",
                line -> SNAPSTART_EVENT.equals(line.path("event").asText())
                        && "afterRestore".equals(line.path("phase").asText()), LOG_WAIT);
        List<JsonNode> hooks = authorizer.logs().events(SNAPSTART_EVENT);

        assertThat(hooks).as(authorizer::report).extracting(line -> line.path("phase").asText())
                .containsExactly("beforeCheckpoint", "afterRestore");
        assertThat(authorizer.restoreRequested()).isTrue();
        assertThat(hooks.get(0).path("priming").asText()).as(authorizer::report).isEqualTo("ALLOW");
        assertThat(hooks.get(0).path("dpopPriming").asText()).as(authorizer::report).isEqualTo("ALLOW");
    }

    @Test
    void signsThePrimingLookupWithContainerCredentials() {
        ContainerCredentials endpoint = (ContainerCredentials) authorizer.credentials();

        // The bearer decision's read, then the DPoP decision's replay write beside its read.
        List<DynamoDbRequest> init = authorizer.initTraffic();
        assertThat(init).as(authorizer::report).hasSize(3);
        assertSignedRequests(authorizer, init.subList(0, 1), "BatchGetItem");
        assertSignedRequestsInAnyOrder(authorizer, init.subList(1, 3), "PutItem", "BatchGetItem");
        assertThat(endpoint.issued()).as(authorizer::report).isNotEmpty();
        assertThat(endpoint.refusedRequests()).isZero();
    }

    @Test
    void runsWithoutAnyCredentialVariable() {
        CredentialVariables.assertContainerCredentialsOnly(authorizer);
    }

    private JsonNode decision(Invocation invocation) {
        return authorizer.logs().await("authorizer.decision of request " + invocation.requestId(),
                line -> "authorizer.decision".equals(line.path("event").asText())
                        && invocation.requestId().equals(line.path("requestId").asText()), LOG_WAIT);
    }

    /** Every line the function wrote from index {@code from} up to the decision line of request {@code requestId}. */
    private List<String> linesBefore(int from, String requestId) {
        List<String> all = authorizer.logs().all();
        List<String> out = new ArrayList<>();
        for (String line : all.subList(from, all.size())) {
            if (line.contains("\"requestId\":\"" + requestId + "\"")) {
                return out;
            }
            out.add(line);
        }
        throw new AssertionError("no decision line of " + requestId + "\n" + authorizer.report());
    }

    private void storeRevokedToken(String sub, String jti) {
        Map<String, AttributeValue> item = new HashMap<>(TokenTable.tokenKey(new Principal("default", sub), jti));
        item.put(TokenTable.SUB, AttributeValue.fromS(sub));
        item.put(TokenTable.JTI, AttributeValue.fromS(jti));
        item.put(TokenTable.REVOKED, AttributeValue.fromBool(true));
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            dynamoDb.putItem(put -> put.tableName(tokenTable).item(item));
        }
    }

    private static String subject(TestTokens token) {
        return (String) token.claims().get("sub");
    }

    private static String tokenId(TestTokens token) {
        return (String) token.claims().get("jti");
    }
}
