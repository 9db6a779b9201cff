package dev.tokengate.revoke.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.hardening.Measurements;
import dev.tokengate.hardening.fault.FaultProxy;
import dev.tokengate.hardening.fault.FaultProxy.Fault;
import dev.tokengate.revoke.handler.RevokeRig.Reply;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The revocation API writing through the fault proxy. For every fault and every write route the answer is compared
 * with the table once every request (delayed ones included) has reached moto: a 2xx always means the revocation is
 * stored; a revocation that is not stored was never answered 2xx. A caller's retry after the fault completes it,
 * and keeps the first {@code revokedAt}.
 */
@ExtendWith(MotoExtension.class)
class RevokeApiFaultIT {
    private static final List<Fault> FAULTS = List.of(Fault.DELAY, Fault.DROP, Fault.RESET, Fault.HTTP_500,
            Fault.THROTTLE, Fault.DROP_RESPONSE);

    enum Route { TOKEN, FAMILY, REVOKE_ALL }

    private final MotoServer moto;
    private final RevokeRig.Log log = new RevokeRig.Log();
    private FaultProxy proxy;
    private DynamoDbClient client;
    private DynamoDbClient direct;
    private String table;
    private RevokeApiHandler handler;

    RevokeApiFaultIT(MotoServer moto) {
        this.moto = moto;
    }

    @BeforeEach
    void start() {
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
        // longer than one attempt (1.5 s): each attempt times out, and the request still reaches moto afterwards
        proxy = FaultProxy.start(moto.endpoint()).delay(Duration.ofMillis(1700));
        client = RevokeRig.client(proxy.endpoint());
        direct = moto.dynamoDb();
        handler = RevokeRig.handler(table, client, log);
    }

    @AfterEach
    void stop() {
        proxy.close();
        client.close();
        direct.close();
    }

    /** The owner revoking the token it calls with, that token's family, or all its tokens. */
    private static ObjectNode request(Route route, String sub, String id) {
        return switch (route) {
            case TOKEN -> callingWith(RevokeRig.asCaller(RevokeRig.event("revoke-own-token.json"), sub, "openid"),
                    "jti", id)
                    .put("body", "{\"jti\":\"" + id + "\",\"sub\":\"" + sub + "\",\"reason\":\"fault test\"}");
            case FAMILY -> callingWith(RevokeRig.asCaller(RevokeRig.event("revoke-family.json"), sub, "openid"),
                    "originJti", id)
                    .put("body", "{\"originJti\":\"" + id + "\",\"sub\":\"" + sub + "\",\"reason\":\"fault test\"}");
            case REVOKE_ALL -> {
                ObjectNode event = RevokeRig.asCaller(RevokeRig.event("revoke-all-own.json"), sub, "openid");
                event.put("path", "/users/" + sub + "/revoke-all");
                ((ObjectNode) event.get("pathParameters")).put("sub", sub);
                yield event;
            }
        };
    }

    /** Sets one id of the calling token in the authorizer context ({@code jti} or {@code originJti}). */
    private static ObjectNode callingWith(ObjectNode event, String key, String id) {
        ((ObjectNode) event.get("requestContext").get("authorizer")).put(key, id);
        return event;
    }

    private Map<String, AttributeValue> stored(Route route, String sub, String id) {
        Map<String, AttributeValue> key = switch (route) {
            case TOKEN -> TokenTable.tokenKey(new Principal("default", sub), id);
            case FAMILY -> TokenTable.familyKey(new Principal("default", sub), id);
            case REVOKE_ALL -> TokenTable.revokedBeforeKey(new Principal("default", sub));
        };
        Map<String, AttributeValue> item = direct.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static boolean isStoredRevocation(Route route, Map<String, AttributeValue> item) {
        if (item == null) {
            return false;
        }
        return route == Route.REVOKE_ALL ? item.containsKey("revokedBefore")
                : item.get("revoked") != null && Boolean.TRUE.equals(item.get("revoked").bool());
    }

    @Test
    void aRevocationIsNeverConfirmedUnlessItIsStored() {
        Map<String, String> table = new TreeMap<>();
        int confirmedButMissing = 0;
        for (Fault fault : FAULTS) {
            for (Route route : Route.values()) {
                String sub = "user-" + fault + "-" + route;
                String id = "id-" + fault + "-" + route;
                proxy.always(fault);
                Reply reply = RevokeRig.invoke(handler, request(route, sub, id));
                proxy.clear();
                proxy.awaitIdle();
                Map<String, AttributeValue> item = stored(route, sub, id);
                boolean landed = isStoredRevocation(route, item);
                table.put(fault + " " + route, reply.status() + (landed ? " (stored)" : " (not stored)"));
                assertThat(reply.status()).as("%s on %s", fault, route).isIn(200, 500, 503);
                assertThat(reply.json().isObject()).isTrue();
                assertThat(reply.body()).doesNotContain("Exception", "at dev.", "at software.");
                if (reply.status() / 100 == 2) {
                    assertThat(landed).as("%s on %s answered %d but nothing is stored", fault, route,
                            reply.status()).isTrue();
                }
                if (!landed && reply.status() / 100 == 2) {
                    confirmedButMissing++;
                }

                // The caller retries once the store is back: the revocation completes, the first record is kept.
                Reply retry = RevokeRig.invoke(handler, request(route, sub, id));
                assertThat(retry.status()).as("retry after %s on %s", fault, route).isEqualTo(200);
                Map<String, AttributeValue> after = stored(route, sub, id);
                assertThat(isStoredRevocation(route, after)).isTrue();
                if (landed && route != Route.REVOKE_ALL) {
                    assertThat(after.get("revokedAt")).isEqualTo(item.get("revokedAt"));
                }
            }
        }
        Measurements.record("revoke-fn under faults (status, then whether the write landed): %s; 2xx without a "
                + "stored write: %d", table, confirmedButMissing);
    }

    @Test
    void oneFailedAttemptIsRetriedByTheClientAndConfirmedOnce() {
        List<String> outcomes = new ArrayList<>();
        for (Fault fault : List.of(Fault.DROP, Fault.RESET, Fault.HTTP_500, Fault.THROTTLE, Fault.DROP_RESPONSE)) {
            String sub = "user-once-" + fault;
            proxy.next(1, fault);
            Reply reply = RevokeRig.invoke(handler, request(Route.TOKEN, sub, "once"));
            proxy.awaitIdle();
            boolean landed = isStoredRevocation(Route.TOKEN, stored(Route.TOKEN, sub, "once"));
            outcomes.add(fault + "=" + reply.status() + "/" + reply.json().path("outcome").asText("-"));
            if (reply.status() == 200) {
                assertThat(landed).isTrue();
            }
            assertThat(reply.status()).isIn(200, 503);
        }
        Measurements.record("revoke-fn, one failed attempt then a good one: %s", outcomes);
    }
}
