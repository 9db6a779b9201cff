package dev.tokengate.cognito.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.cognito.SampleEvents;
import dev.tokengate.cognito.config.CognitoEventsConfig;
import dev.tokengate.cognito.signout.CognitoUserLookup;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.testkit.LambdaInvocationContext;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sign-out function on moto: a real user pool (moto's Cognito API), a real token table, the sample events with
 * their pool swapped for moto's. A sign-out that names the user's sub revokes that user of the pool's issuer; a
 * username is resolved with {@code AdminGetUser} on that pool; nothing is ever guessed.
 */
@ExtendWith(MotoExtension.class)
class CognitoSignOutHandlerIT {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:30Z");

    private final List<String> log = new CopyOnWriteArrayList<>();
    private MotoServer moto;
    private DynamoDbClient dynamo;
    private CognitoIdentityProviderClient cognito;
    private String table;
    private String pool;
    private String aliceSub;
    private CognitoEventsConfig config;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        dynamo = moto.dynamoDb();
        cognito = CognitoIdentityProviderClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
        pool = cognito.createUserPool(r -> r.poolName("tokengate-it")).userPool().id();
        cognito.adminCreateUser(r -> r.userPoolId(pool).username("alice")
                .userAttributes(AttributeType.builder().name("email").value("alice@example.com").build()));
        aliceSub = cognito.adminGetUser(r -> r.userPoolId(pool).username("alice")).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        config = config(table);
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
        cognito.close();
    }

    private CognitoEventsConfig config(String tokenTable) {
        return CognitoEventsConfig.fromEnvironment(Map.of("TOKEN_TABLE", tokenTable, "AWS_REGION", "us-east-1",
                "COGNITO_USER_POOL_IDS", pool, "TRUSTED_ISSUERS", "[{\"id\":\"cognito\",\"issuer\":\""
                        + CognitoEventsConfig.issuerOf(MotoServer.REGION, pool) + "\",\"preset\":\"cognito-access\","
                        + "\"clientIds\":[\"app\"],\"clockSkewSeconds\":5}]"));
    }

    private CognitoSignOutHandler handler(CognitoEventsConfig configuration) {
        return new CognitoSignOutHandler(configuration, dynamo, new CognitoUserLookup(cognito),
                Clock.fixed(NOW, ZoneOffset.UTC), log::add);
    }

    private void invoke(CognitoSignOutHandler handler, byte[] event) {
        try {
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                    new LambdaInvocationContext("CognitoSignOutFunction", 60_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, AttributeValue> marker(String sub) {
        return dynamo.getItem(r -> r.tableName(table).key(TokenTable.revokedBeforeKey(new Principal("cognito", sub)))
                .consistentRead(true)).item();
    }

    @Test
    void aGlobalSignOutRevokesEveryTokenOfTheUserWithThePoolAsActor() {
        invoke(handler(config), SampleEvents.load("global-sign-out.json", pool, aliceSub));

        Map<String, AttributeValue> marker = marker(aliceSub);
        assertThat(marker.get(TokenTable.REVOKED_BEFORE).n()).isEqualTo(Long.toString(NOW.getEpochSecond() + 1 + 5));
        assertThat(marker.get(TokenTable.REVOKED_BY).s()).isEqualTo(CognitoEventsConfig.issuerOf(MotoServer.REGION,
                pool));
        assertThat(marker.get(TokenTable.SOURCE).s()).isEqualTo("COGNITO_SIGN_OUT");
        assertThat(marker.get(TokenTable.REASON).s()).isEqualTo("cognito GlobalSignOut");
        assertThat(String.join("\n", log)).contains("\"outcome\":\"REVOKED\"").contains("\"reason\":\"SUB_IN_RECORD\"");
    }

    @Test
    void aRevokeTokenBecomesARevokeAllAndARepeatChangesNothing() {
        CognitoSignOutHandler handler = handler(config);
        invoke(handler, SampleEvents.load("revoke-token.json", pool, aliceSub));
        Map<String, AttributeValue> first = marker(aliceSub);
        invoke(handler, SampleEvents.load("admin-user-global-sign-out.json", pool, aliceSub));

        assertThat(first.get(TokenTable.REASON).s()).isEqualTo("cognito RevokeToken");
        assertThat(marker(aliceSub)).isEqualTo(first);
        assertThat(log.get(1)).contains("\"outcome\":\"ALREADY_REVOKED\"");
    }

    @Test
    void aUsernameIsResolvedWithAdminGetUserOnThatPool() {
        invoke(handler(config), SampleEvents.load("admin-user-global-sign-out-username.json", pool, "unused"));

        assertThat(marker(aliceSub)).isNotEmpty();
        assertThat(log.get(0)).contains("\"reason\":\"SUB_FROM_ADMIN_GET_USER\"").contains(aliceSub);
    }

    @Test
    void nothingIsGuessedWhenNothingIdentifiesTheUser() {
        CognitoSignOutHandler handler = handler(config);
        invoke(handler, SampleEvents.load("unidentified-sign-out.json", pool, aliceSub));
        invoke(handler, new String(SampleEvents.load("admin-user-global-sign-out-username.json", pool, aliceSub))
                .replace("\"alice\"", "\"nobody-here\"").getBytes());
        invoke(handler, SampleEvents.load("failed-global-sign-out.json", pool, aliceSub));
        invoke(handler, "{\"detail-type\":\"Scheduled Event\"}".getBytes());

        assertThat(dynamo.scan(r -> r.tableName(table)).count()).isZero();
        assertThat(log.get(0)).contains("\"level\":\"WARN\"").contains("\"outcome\":\"UNIDENTIFIED\"")
                .contains("\"reason\":\"NO_USER\"");
        assertThat(log.get(1)).contains("\"outcome\":\"UNIDENTIFIED\"").contains("\"reason\":\"USER_NOT_FOUND\"");
        assertThat(log.get(2)).contains("\"outcome\":\"IGNORED\"").contains("\"reason\":\"FAILED_CALL\"");
        assertThat(log.get(3)).contains("\"reason\":\"UNREADABLE_EVENT\"");
    }

    @Test
    void aStoreFailureFailsTheInvocationSoLambdaRetriesIt() {
        CognitoSignOutHandler broken = handler(config(table + "-missing"));

        assertThatThrownBy(() -> invoke(broken, SampleEvents.load("global-sign-out.json", pool, aliceSub)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retried");
        assertThat(log.get(0)).contains("\"outcome\":\"FAILED\"").contains("ResourceNotFoundException");
    }

    @Test
    void aPoolWithoutAnIssuerProfileIsAnInitError() {
        assertThatThrownBy(() -> CognitoEventsConfig.fromEnvironment(Map.of("TOKEN_TABLE", table, "AWS_REGION",
                "us-east-1", "COGNITO_USER_POOL_IDS", "us-east-1_Unknown1", "JWT_ISSUER", "https://issuer.example/",
                "JWT_AUDIENCE", "api", "JWKS_URL", "https://issuer.example/jwks")))
                .hasMessageContaining("COGNITO_USER_POOL_IDS").hasMessageContaining("us-east-1_Unknown1");
        assertThatThrownBy(() -> CognitoEventsConfig.fromEnvironment(Map.of("TOKEN_TABLE", table, "AWS_REGION",
                "eu-west-1", "COGNITO_USER_POOL_IDS", pool, "JWT_ISSUER", "https://issuer.example/",
                "JWT_AUDIENCE", "api", "JWKS_URL", "https://issuer.example/jwks")))
                .hasMessageContaining("COGNITO_USER_POOL_IDS");
    }
}
