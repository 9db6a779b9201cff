package dev.tokengate.revoke.handler;

import static dev.tokengate.revoke.handler.ProxyEvents.callingWith;
import static dev.tokengate.revoke.handler.ProxyEvents.invoke;
import static dev.tokengate.revoke.handler.ProxyEvents.load;
import static dev.tokengate.revoke.handler.ProxyEvents.route;
import static dev.tokengate.revoke.handler.ProxyEvents.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.revoke.cache.FlushTarget;
import dev.tokengate.revoke.handler.ProxyEvents.Reply;
import dev.tokengate.revoke.testing.CapturingLog;
import dev.tokengate.revoke.testing.Fixture;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one caller can make the revocation API write and flush, who sees whose identity in its answers, and the
 * {@code /admin} routes: the real handler on moto, with flush targets configured and a test clock that the flush's
 * waits move.
 */
@ExtendWith(MotoExtension.class)
class RevocationBoundsIT {
    private static final String ALICE_TOKEN = "7d0c1a52-aaaa-4f6e-9d1e-000000000001";

    private final Fixture fixture = new Fixture();
    private final CapturingLog log = new CapturingLog();
    private final MutableClock clock = new MutableClock(Fixture.NOW);
    private final List<FlushTarget> flushed = new ArrayList<>();
    private DynamoDbClient dynamo;
    private String table;
    private RevokeApiHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) {
        dynamo = moto.dynamoDb();
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
        handler = new RevokeApiHandler(fixture.config(table, Map.of("AUTHORIZER_CACHE_FLUSH_TARGETS",
                "rest:abc123/prod")), dynamo, flushed::add, clock, moment -> {
                    Duration left = Duration.between(clock.instant(), moment);
                    if (!left.isNegative()) {
                        clock.advance(left);
                    }
                }, log);
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
    }

    /** The user partitions' items: revocation state, without the flush leases. */
    private List<Map<String, AttributeValue>> revocationItems() {
        return dynamo.scan(r -> r.tableName(table).consistentRead(true)).items().stream()
                .filter(item -> item.get("PK").s().startsWith("USER#")).toList();
    }

    @Test
    void aRevocationThatChangesNothingFlushesNothing() {
        Reply first = invoke(handler, load("revoke-own-token.json"));
        clock.advance(Duration.ofSeconds(10));
        Reply again = invoke(handler, load("revoke-own-token.json"));

        assertThat(first.text("authorizerCacheFlush")).isEqualTo("FLUSHED");
        assertThat(again.text("outcome")).isEqualTo("ALREADY_REVOKED");
        assertThat(again.text("authorizerCacheFlush")).isEqualTo("NOT_NEEDED");
        assertThat(flushed).hasSize(1);
    }

    @Test
    void aNonAdminRevokesByIdOnlyTheTokenItCallsWithAndWritesNothingElse() {
        List<Reply> madeUp = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            madeUp.add(invoke(handler, withBody(load("revoke-own-token.json"),
                    Map.of("jti", "made-up-" + i, "sub", "user-alice"))));
        }

        assertThat(madeUp).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.text("field")).isEqualTo("jti");
        });
        assertThat(log.joined()).contains("\"reason\":\"ONLY_THE_CALLING_TOKEN_BY_ID\"");
        assertThat(revocationItems()).isEmpty();
        assertThat(flushed).isEmpty();

        // its own current token, by id, is a logout: allowed
        assertThat(invoke(handler, load("revoke-own-token.json")).status()).isEqualTo(200);
    }

    @Test
    void aNonAdminRevokesOnlyTheFamilyOfTheTokenItCallsWith() {
        Reply other = invoke(handler, withBody(load("revoke-family.json"),
                Map.of("sub", "user-alice", "originJti", "someone-elses-guess")));
        Reply none = invoke(handler, withoutOriginJti(load("revoke-family.json")));
        Reply own = invoke(handler, load("revoke-family.json"));

        assertThat(other.status()).isEqualTo(403);
        assertThat(other.text("field")).isEqualTo("originJti");
        assertThat(none.status()).isEqualTo(403);
        assertThat(own.status()).isEqualTo(200);
        assertThat(revocationItems()).hasSize(1);
        assertThat(flushed).hasSize(1);
    }

    @Test
    void aSelfRevokeAllLoopChangesTheMarkerAtMostOncePerSecond() {
        // a loop faster than the clock's second (the flush's wait does not move this clock)
        RevokeApiHandler quick = new RevokeApiHandler(fixture.config(table, Map.of("AUTHORIZER_CACHE_FLUSH_TARGETS",
                "rest:abc123/prod")), dynamo, flushed::add, clock, moment -> { }, log);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            outcomes.add(invoke(quick, load("revoke-all-own.json")).text("outcome"));
        }
        clock.advance(Duration.ofSeconds(1));
        outcomes.add(invoke(quick, load("revoke-all-own.json")).text("outcome"));

        assertThat(outcomes).containsExactly(expected());
        assertThat(flushed).hasSize(2);
        assertThat(revocationItems()).hasSize(1);
    }

    private static String[] expected() {
        String[] outcomes = new String[31];
        java.util.Arrays.fill(outcomes, "ALREADY_REVOKED");
        outcomes[0] = "REVOKED";
        outcomes[30] = "REVOKED";
        return outcomes;
    }

    @Test
    void anOwnerSeesThatAnAdministratorRevokedItsTokenButNotWhoOrWhy() {
        ObjectNode admin = withBody(load("admin-revoke-other-token.json"),
                Map.of("jti", ALICE_TOKEN, "sub", "user-alice", "reason", "fraud case 4711"));
        Reply adminAnswer = invoke(handler, admin);
        Reply ownerState = invoke(handler, load("get-token-state.json"));
        Reply ownerAgain = invoke(handler, load("revoke-own-token.json"));
        Reply adminState = invoke(handler, withQuery(route(load("admin-revoke-other-token.json"), "GET",
                "/revocations/" + ALICE_TOKEN), "user-alice"));

        assertThat(adminAnswer.text("revokedBy")).isEqualTo("user-security-admin");
        for (Reply owner : List.of(ownerState, ownerAgain)) {
            assertThat(owner.status()).isEqualTo(200);
            assertThat(owner.body().get("revoked").asBoolean()).isTrue();
            assertThat(owner.text("revokedBy")).isEqualTo("administrator");
            assertThat(owner.body().has("reason")).isFalse();
            assertThat(owner.rawBody()).doesNotContain("user-security-admin", "fraud case");
        }
        assertThat(ownerAgain.text("outcome")).isEqualTo("ALREADY_REVOKED");
        assertThat(adminState.text("revokedBy")).isEqualTo("user-security-admin");
        assertThat(adminState.text("reason")).isEqualTo("fraud case 4711");
    }

    @Test
    void anOwnerSeesItsOwnRevocationInFull() {
        invoke(handler, load("revoke-own-token.json"));

        Reply state = invoke(handler, load("get-token-state.json"));

        assertThat(state.text("revokedBy")).isEqualTo("user-alice");
        assertThat(state.text("reason")).isEqualTo("lost phone");
    }

    @Test
    void adminRoutesRefuseCallersWithoutTheAdminScopeBeforeReadingAnything() {
        List<Reply> refused = List.of(
                invoke(handler, route(load("revoke-own-token.json"), "POST", "/admin/revocations")),
                invoke(handler, route(load("revoke-family.json"), "POST", "/admin/revocations/families")),
                invoke(handler, route(load("revoke-all-own.json"), "POST", "/admin/users/user-alice/revoke-all")),
                invoke(handler, route(load("get-token-state.json"), "GET", "/admin/revocations/" + ALICE_TOKEN)));

        assertThat(refused).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.text("message")).isEqualTo("this route needs the admin scope");
        });
        assertThat(log.joined()).contains("\"route\":\"POST /admin/revocations\"", "ADMIN_SCOPE_REQUIRED");
        assertThat(revocationItems()).isEmpty();
    }

    @Test
    void adminRoutesServeAdministratorsLikeTheSharedOnes() {
        Reply token = invoke(handler, route(load("admin-revoke-other-token.json"), "POST", "/admin/revocations"));
        Reply all = invoke(handler, route(load("admin-revoke-all-other.json"), "POST",
                "/admin/users/user-bob/revoke-all"));
        Reply state = invoke(handler, withQuery(route(load("admin-revoke-other-token.json"), "GET",
                "/admin/revocations/7d0c1a52-bbbb-4f6e-9d1e-000000000001"), "user-bob"));

        assertThat(token.status()).isEqualTo(200);
        assertThat(all.status()).isEqualTo(200);
        assertThat(state.body().get("revoked").asBoolean()).isTrue();
        assertThat(state.text("revokedBy")).isEqualTo("user-security-admin");
        // an admin may revoke any token of its issuer by id, the one it calls with or not
        assertThat(invoke(handler, callingWith(route(load("admin-revoke-other-token.json"), "POST",
                "/admin/revocations"), "another-token")).status()).isEqualTo(200);
    }

    private static ObjectNode withoutOriginJti(ObjectNode event) {
        ((ObjectNode) event.get("requestContext").get("authorizer")).remove("originJti");
        return event;
    }

    private static ObjectNode withQuery(ObjectNode event, String sub) {
        return ProxyEvents.withQuery(withBody(event, (String) null), Map.of("sub", sub));
    }
}
