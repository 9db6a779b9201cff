package dev.tokengate.revoke.handler;

import static dev.tokengate.revoke.handler.ProxyEvents.asCaller;
import static dev.tokengate.revoke.handler.ProxyEvents.invoke;
import static dev.tokengate.revoke.handler.ProxyEvents.load;
import static dev.tokengate.revoke.handler.ProxyEvents.withBody;
import static dev.tokengate.revoke.handler.ProxyEvents.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.Session;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.core.token.LogoutToken;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.revoke.handler.ProxyEvents.Reply;
import dev.tokengate.revoke.idp.LogoutReplays;
import dev.tokengate.revoke.testing.CapturingLog;
import dev.tokengate.revoke.testing.Fixture;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@code POST /backchannel-logout/{issuerId}} through the real handler on moto: two issuer profiles that enable the
 * receiver ({@code staff}, {@code partner}) and one that does not ({@code plain}). The logout token is the only
 * credential; what it names is revoked with the issuer as the actor, exactly once across handler instances.
 */
@ExtendWith(MotoExtension.class)
class BackchannelLogoutIT {
    static final String STAFF = "https://login.example.com/realms/staff";
    static final String PARTNER = "https://partner.example.net/";
    static final String RP = "tokengate";
    static final RSAKey STAFF_KEY = TestKeys.rsa("staff-1");
    static final RSAKey PARTNER_KEY = TestKeys.rsa("partner-1");

    private final CapturingLog log = new CapturingLog();
    private MotoServer moto;
    private DynamoDbClient dynamo;
    private String table;
    private RevokeConfig config;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        dynamo = moto.dynamoDb();
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
        config = RevokeConfig.fromEnvironment(Map.of("TOKEN_TABLE", table, "AWS_REGION", "us-east-1",
                "TRUSTED_ISSUERS", "[" + profile("staff", STAFF, STAFF_KEY, true) + ","
                        + profile("partner", PARTNER, PARTNER_KEY, true) + ","
                        + profile("plain", "https://plain.example.org/", TestKeys.rsa("plain-1"), false) + "]"));
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
    }

    private static String profile(String id, String issuer, RSAKey key, boolean backchannel) {
        return "{\"id\":\"" + id + "\",\"issuer\":\"" + issuer + "\",\"audiences\":[\"orders-api\"],\"jwks\":"
                + TestKeys.publicJson(key) + ",\"clockSkewSeconds\":30"
                + (backchannel ? ",\"backchannelLogout\":{\"audiences\":[\"" + RP + "\"]}" : "") + "}";
    }

    private RevokeApiHandler handler() {
        return handler(dynamo);
    }

    private RevokeApiHandler handler(DynamoDbClient client) {
        return new RevokeApiHandler(config, client, null, Clock.fixed(Fixture.NOW, ZoneOffset.UTC), log);
    }

    static TestTokens logoutToken(String sub) {
        return TestTokens.logout(STAFF, RP, sub, Fixture.NOW.minusSeconds(5));
    }

    static ObjectNode delivery(String issuerId, String logoutToken) {
        ObjectNode event = load("backchannel-logout.json");
        event.put("path", "/backchannel-logout/" + issuerId);
        event.putObject("pathParameters").put("issuerId", issuerId);
        return withBody(event, "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8));
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        return dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
    }

    private int itemCount() {
        return dynamo.scan(r -> r.tableName(table)).count();
    }

    @Test
    void aSubjectLogoutRevokesEveryTokenOfThatUserWithTheIssuerAsActor() {
        Reply reply = invoke(handler(), delivery("staff", logoutToken("alice").sign(STAFF_KEY)));

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        Map<String, AttributeValue> marker = item(TokenTable.revokedBeforeKey(new Principal("staff", "alice")));
        // as POST /users/{sub}/revoke-all writes it: now + 1 s + the profile's skew
        assertThat(marker.get(TokenTable.REVOKED_BEFORE).n())
                .isEqualTo(Long.toString(Fixture.NOW.getEpochSecond() + 1 + 30));
        assertThat(marker.get(TokenTable.REVOKED_BY).s()).isEqualTo(STAFF);
        assertThat(marker.get(TokenTable.SOURCE).s()).isEqualTo("BACKCHANNEL_LOGOUT");
        assertThat(marker.get(TokenTable.REASON).s()).isEqualTo("backchannel logout");
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("partner", "alice"))))
                .as("alice of another issuer is someone else").isEmpty();
        assertThat(log.joined()).contains("\"route\":\"POST /backchannel-logout/{issuerId}\"")
                .contains("\"outcome\":\"LOGGED_OUT\"").contains("\"reason\":\"USER\"");
        assertThat(log.metric("IdpRevocations", Map.of("Function", "RevokeApiFunction",
                "Source", "BACKCHANNEL_LOGOUT", "Result", "WRITTEN"))).isEqualTo(1);
    }

    @Test
    void aSessionOnlyLogoutEndsThatSessionWithoutTouchingAnyUser() {
        String token = logoutToken(null).claim("sid", "s-42").sign(STAFF_KEY);

        Reply reply = invoke(handler(), delivery("staff", token));

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(200);
        Map<String, AttributeValue> session = item(TokenTable.sessionKey(new Session("staff", "s-42")));
        assertThat(session.get(TokenTable.REVOKED)).isEqualTo(AttributeValue.fromBool(true));
        assertThat(session.get(TokenTable.SID).s()).isEqualTo("s-42");
        assertThat(session.get(TokenTable.REVOKED_BY).s()).isEqualTo(STAFF);
        assertThat(session.get(TokenTable.SOURCE).s()).isEqualTo("BACKCHANNEL_LOGOUT");
        assertThat(session).doesNotContainKey(TokenTable.SUB);
        // the session item, the replay record, nothing else
        assertThat(itemCount()).isEqualTo(2);
    }

    @Test
    void aLogoutNamingBothEndsTheSessionAndTheUsersTokens() {
        Reply reply = invoke(handler(), delivery("staff", logoutToken("bob").claim("sid", "s-7").sign(STAFF_KEY)));

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(200);
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", "bob")))).isNotEmpty();
        assertThat(item(TokenTable.sessionKey(new Session("staff", "s-7"))).get(TokenTable.SUB).s()).isEqualTo("bob");
    }

    @Test
    void aLogoutTokenReplayedToASecondInstanceIsRefusedAndChangesNothing() {
        String token = logoutToken("carol").sign(STAFF_KEY);
        assertThat(invoke(handler(), delivery("staff", token)).status()).isEqualTo(200);
        Map<String, AttributeValue> before = item(TokenTable.revokedBeforeKey(new Principal("staff", "carol")));

        // another Lambda instance (its own handler, its own memory), the same table, a minute later
        RevokeApiHandler second = new RevokeApiHandler(config, dynamo, null,
                Clock.fixed(Fixture.NOW.plusSeconds(60), ZoneOffset.UTC), log);
        Reply replay = invoke(second, delivery("staff", token));

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.text("error")).isEqualTo("invalid_request");
        assertThat(replay.text("error_description")).startsWith("REPLAYED");
        assertThat(log.metric("IdpRevocations", Map.of("Function", "RevokeApiFunction",
                "Source", "BACKCHANNEL_LOGOUT", "Result", "INVALID"))).isEqualTo(1);
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", "carol")))).isEqualTo(before);
        Map<String, AttributeValue> record = item(TokenTable.logoutReplayKey("staff", jtiOf(token)));
        assertThat(Long.parseLong(record.get(TokenTable.TTL).n()))
                .as("the replay record lives until the token's acceptance window ends")
                .isEqualTo(Fixture.NOW.getEpochSecond() - 5 + 120 + 30 + 1);
    }

    @Test
    void aClaimWhoseInstanceDiedIsTakenOverOnceAbandonedSoTheIssuersRetryTakesEffect() {
        String token = logoutToken("dora").sign(STAFF_KEY);
        // an instance claimed the token at NOW and died before writing anything (a timeout, a crash)
        LogoutToken claimed = new LogoutToken("staff", jtiOf(token), Optional.of("dora"), Optional.empty(),
                Fixture.NOW.minusSeconds(5), Fixture.NOW.minusSeconds(5).plusSeconds(150));
        assertThat(new LogoutReplays(dynamo, table).claim(claimed, Fixture.NOW)).isTrue();

        // 10 s later the claim may still be at work: the retry is refused and nothing is written
        Reply early = invoke(handlerAt(Fixture.NOW.plusSeconds(10)), delivery("staff", token));
        assertThat(early.text("error_description")).isEqualTo("REPLAYED");
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", "dora")))).isEmpty();

        // 31 s later no instance can still be at work on it (the function's timeout is 20 s): the retry takes effect
        Reply late = invoke(handlerAt(Fixture.NOW.plusSeconds(31)), delivery("staff", token));
        assertThat(late.status()).as(late.rawBody()).isEqualTo(200);
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", "dora")))).isNotEmpty();
        // and, done, it is never taken over again
        Reply replay = invoke(handlerAt(Fixture.NOW.plusSeconds(100)), delivery("staff", token));
        assertThat(replay.text("error_description")).isEqualTo("REPLAYED");
    }

    private RevokeApiHandler handlerAt(Instant now) {
        return new RevokeApiHandler(config, dynamo, null, Clock.fixed(now, ZoneOffset.UTC), log);
    }

    @Test
    void everyRefusalIs400WithAnOAuthErrorAndWritesNothing() {
        List<String> refused = List.of(
                logoutToken("dave").sign(PARTNER_KEY),                               // another issuer's key
                logoutToken("dave").claim("nonce", "n-1").sign(STAFF_KEY),           // an ID token's nonce
                logoutToken("dave").header("typ", "at+jwt").sign(STAFF_KEY),         // an access token's typ
                TestTokens.valid(STAFF, RP, Fixture.NOW).sign(STAFF_KEY),            // an access token
                logoutToken("dave").claim("aud", "someone-else").sign(STAFF_KEY),
                logoutToken("dave").issuedAt(Fixture.NOW.minusSeconds(3600)).without("exp").sign(STAFF_KEY),
                "not.a.token");
        for (String token : refused) {
            Reply reply = invoke(handler(), delivery("staff", token));
            assertThat(reply.status()).as(reply.rawBody()).isEqualTo(400);
            assertThat(reply.text("error")).isEqualTo("invalid_request");
            // a reason code only: the caller is anonymous, and the detail would name the configured audiences
            assertThat(reply.text("error_description")).as(reply.rawBody()).matches("[A-Z_]+");
            assertThat(reply.rawBody()).doesNotContain(RP);
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        }
        assertThat(log.joined()).as("the detail is the operator's").contains("aud names none of [" + RP + "]");
        assertThat(itemCount()).isZero();
        assertThat(log.joined()).doesNotContain(refused.get(0).split("\\.")[2]);
    }

    @Test
    void aTokenAddressedToAnotherEnabledIssuerIsRefusedThere() {
        Reply reply = invoke(handler(), delivery("partner", logoutToken("erin").sign(STAFF_KEY)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(itemCount()).isZero();
    }

    @Test
    void aProfileWithoutTheReceiverAndAnUnknownOneAreNotFound() {
        for (String issuerId : List.of("plain", "nobody", "NOT_AN_ID")) {
            Reply reply = invoke(handler(), delivery(issuerId, logoutToken("frank").sign(STAFF_KEY)));
            assertThat(reply.status()).as(issuerId).isEqualTo(404);
            assertThat(reply.text("error")).isEqualTo("not_found");
        }
        assertThat(itemCount()).isZero();
    }

    @Test
    void theBodyMustBeAFormWithOneLogoutToken() {
        String token = logoutToken("gina").sign(STAFF_KEY);
        ObjectNode json = withHeader(delivery("staff", token), "Content-Type", "application/json");
        assertThat(invoke(handler(), json).status()).isEqualTo(400);
        ObjectNode twice = withBody(delivery("staff", token), "logout_token=" + token + "&logout_token=" + token);
        assertThat(invoke(handler(), twice).text("error_description")).contains("more than once");
        assertThat(invoke(handler(), withBody(delivery("staff", token), "state=x")).status()).isEqualTo(400);
        assertThat(invoke(handler(), withBody(delivery("staff", token), "logout_token=%zz")).status())
                .isEqualTo(400);
        assertThat(itemCount()).isZero();
    }

    @Test
    void otherRoutesStillNeedTheAuthorizersCaller() {
        ObjectNode event = load("no-authorizer-context.json");
        assertThat(invoke(handler(), event).status()).isEqualTo(403);
        ObjectNode logoutWithCaller = asCaller(delivery("staff", logoutToken("hal").sign(STAFF_KEY)), "staff",
                "mallory", "tokengate:admin");
        assertThat(invoke(handler(), logoutWithCaller).status())
                .as("an authorizer context changes nothing: the logout token is the credential").isEqualTo(200);
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", "hal"))).get(TokenTable.REVOKED_BY).s())
                .isEqualTo(STAFF);
    }

    @Test
    void aFailedRevocationGivesTheClaimBackSoTheIssuersRetryWorks() {
        FailFirstRevokeAll failure = new FailFirstRevokeAll();
        String token = logoutToken("ivan").sign(STAFF_KEY);
        try (DynamoDbClient flaky = DynamoDbClient.builder().endpointOverride(moto.endpoint())
                .region(MotoServer.REGION).credentialsProvider(MotoServer.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(failure)).build()) {
            Reply failed = invoke(handler(flaky), delivery("staff", token));

            assertThat(failed.status()).isEqualTo(400);
            assertThat(failed.text("error")).isEqualTo("temporarily_unavailable");
            assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", "ivan")))).isEmpty();

            Reply retried = invoke(handler(flaky), delivery("staff", token));
            assertThat(retried.status()).as(retried.rawBody()).isEqualTo(200);
            assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", "ivan")))).isNotEmpty();
            assertThat(failure.failed).isTrue();
        }
    }

    private static String jtiOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** Fails the first revoke-all write as a throttled table would, then lets every request through. */
    static final class FailFirstRevokeAll implements ExecutionInterceptor {
        final AtomicBoolean failed = new AtomicBoolean();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest update
                    && TokenTable.REVOKED_BEFORE_SORT_KEY.equals(update.key().get(TokenTable.SORT_KEY).s())
                    && failed.compareAndSet(false, true)) {
                throw ProvisionedThroughputExceededException.builder().message("throttled by the test").statusCode(400).build();
            }
        }
    }
}
