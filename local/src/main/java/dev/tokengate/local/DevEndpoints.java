package dev.tokengate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LOCAL ONLY. The unprotected {@code /dev/} routes of the local gateway: each demo issuer's
 * {@code GET /dev/issuers/<id>/jwks.json} (its profile's {@code jwksUrl}), {@code POST /dev/tokens} (mint a token,
 * {@code "issuer": "demo"} or {@code "cognito"}, optionally of a session {@code "sid"}), {@code POST /dev/logout}
 * (the demo issuer signs a back-channel logout token and posts it to the gateway's
 * {@code /backchannel-logout/demo}, as an OpenID provider does when a user signs out), {@code GET /dev/audit}
 * (what the stream function wrote to the audit table) and {@code GET /dev/metrics} (the functions' metrics, read from
 * their EMF lines). Never part of a deployment.
 */
final class DevEndpoints {
    static final String ISSUERS_PATH = "/dev/issuers/";
    static final String TOKENS_PATH = "/dev/tokens";
    static final String AUDIT_PATH = "/dev/audit";
    static final String LOGOUT_PATH = "/dev/logout";
    static final String METRICS_PATH = "/dev/metrics";

    private final Map<String, DemoIssuer> issuers;
    private final AuditView audit;
    private final MetricsView metrics;
    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param gateway the local API's base URL, where logout tokens are delivered */
    DevEndpoints(List<DemoIssuer> issuers, AuditView audit, MetricsView metrics, URI gateway) {
        this.metrics = metrics;
        Map<String, DemoIssuer> byId = new LinkedHashMap<>();
        issuers.forEach(issuer -> byId.put(issuer.shape().id, issuer));
        this.issuers = Map.copyOf(byId);
        this.audit = audit;
        this.gateway = gateway;
    }

    static String jwksPath(DemoIssuer.Shape shape) {
        return ISSUERS_PATH + shape.id + "/jwks.json";
    }

    GatewayServer.Response handle(String method, String path, String body) {
        for (DemoIssuer issuer : issuers.values()) {
            if (jwksPath(issuer.shape()).equals(path) && "GET".equals(method)) {
                return new GatewayServer.Response(200, Map.of("Content-Type", "application/json"),
                        issuer.publicJwks());
            }
        }
        if (TOKENS_PATH.equals(path) && "POST".equals(method)) {
            return mint(body);
        }
        if (LOGOUT_PATH.equals(path) && "POST".equals(method)) {
            return logout(body);
        }
        if (AUDIT_PATH.equals(path) && "GET".equals(method)) {
            return GatewayServer.Response.json(200, Map.of("items", audit.all()));
        }
        if (METRICS_PATH.equals(path) && "GET".equals(method)) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("source", "the EMF in the functions' log lines since start, added up as CloudWatch would");
            answer.put("metrics", metrics.snapshot());
            return GatewayServer.Response.json(200, answer);
        }
        return GatewayServer.Response.json(404, Map.of("message", "no such local endpoint"));
    }

    /**
     * Body: {"sub": "alice", "scope": "a b", "issuer": "demo", "lifetimeSeconds": 900, "backdateSeconds": 0,
     * "originJti": "f1", "jwk": {...}}; {@code issuer} is {@code demo} (the default) or {@code cognito}; with
     * {@code jwk} (the client's public DPoP key) the token is DPoP-bound to it ({@code cnf.jkt}, RFC 9449 6.1), as an
     * authorization server does for a token request with a DPoP proof.
     */
    private GatewayServer.Response mint(String body) {
        Map<String, Object> request;
        try {
            request = body.isBlank() ? Map.of() : JsonCodec.readObject(body);
        } catch (JsonProcessingException e) {
            return bad("body must be a JSON object");
        }
        if (!(request.get("sub") instanceof String sub) || sub.isBlank() || sub.length() > 256) {
            return bad("sub must be a non-empty string of at most 256 characters");
        }
        Object scope = request.get("scope");
        if (scope != null && !(scope instanceof String)) {
            return bad("scope must be a space-separated string");
        }
        Object issuerId = request.getOrDefault("issuer", DemoIssuer.Shape.DEMO.id);
        DemoIssuer issuer = issuerId instanceof String id ? issuers.get(id) : null;
        if (issuer == null) {
            return bad("issuer must be one of " + issuers.keySet().stream().sorted().toList());
        }
        Object origin = request.get("originJti");
        if (origin != null && !(origin instanceof String)) {
            return bad("originJti must be a string");
        }
        long lifetime = number(request.get("lifetimeSeconds"), 900);
        long backdate = number(request.get("backdateSeconds"), 0);
        if (lifetime < 1 || lifetime > DemoIssuer.MAX_LIFETIME_SECONDS) {
            return bad("lifetimeSeconds must be between 1 and " + DemoIssuer.MAX_LIFETIME_SECONDS);
        }
        if (backdate < 0 || backdate >= lifetime) {
            return bad("backdateSeconds must be between 0 and lifetimeSeconds - 1");
        }
        Object sid = request.get("sid");
        if (sid != null && !(sid instanceof String)) {
            return bad("sid must be a string");
        }
        String jkt = null;
        if (request.containsKey("jwk")) {
            if (!(request.get("jwk") instanceof Map<?, ?> jwk)) {
                return bad("jwk must be the client's public JWK (a JSON object)");
            }
            try {
                JWK key = JWK.parse(JsonCodec.write(jwk));
                if (key.isPrivate()) {
                    return bad("jwk must be a public key: never send the private key");
                }
                jkt = key.computeThumbprint().toString();
            } catch (ParseException | JOSEException e) {
                return bad("jwk is not a JWK");
            }
        }
        DemoIssuer.Minted minted = issuer.mint(sub, (String) scope, lifetime, backdate, (String) origin,
                (String) sid, jkt);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", minted.token());
        answer.put("issuer", issuer.shape().id);
        answer.put("sub", minted.sub());
        answer.put("jti", minted.jti());
        answer.put("iat", minted.iat());
        answer.put("exp", minted.exp());
        if (sid != null) {
            answer.put("sid", sid);
        }
        if (jkt != null) {
            answer.put("token_type", "DPoP");
            answer.put("jkt", jkt);
        }
        return GatewayServer.Response.json(201, answer);
    }

    /**
     * Body: {"sub": "alice"} or {"sid": "s-1"} or both, {"issuer": "demo"} by default. The issuer signs a logout token
     * and posts it, form-encoded, to the receiver through the gateway (no authorizer on that route); the answer shows
     * what the receiver said.
     */
    private GatewayServer.Response logout(String body) {
        Map<String, Object> request;
        try {
            request = body.isBlank() ? Map.of() : JsonCodec.readObject(body);
        } catch (JsonProcessingException e) {
            return bad("body must be a JSON object");
        }
        Object sub = request.get("sub");
        Object sid = request.get("sid");
        if ((sub != null && !(sub instanceof String)) || (sid != null && !(sid instanceof String))
                || (sub == null && sid == null)) {
            return bad("name the user (sub), the session (sid), or both, as strings");
        }
        Object issuerId = request.getOrDefault("issuer", DemoIssuer.Shape.DEMO.id);
        DemoIssuer issuer = issuerId instanceof String id ? issuers.get(id) : null;
        if (issuer == null || !issuer.sendsBackchannelLogouts()) {
            return bad("issuer must be demo: the cognito demo issuer stands for a user pool, whose sign-outs arrive "
                    + "as CloudTrail events (CognitoSignOutFunction), not as back-channel logouts");
        }
        String token = issuer.logoutToken((String) sub, (String) sid);
        HttpResponse<String> delivered;
        try {
            delivered = http.send(HttpRequest.newBuilder(gateway.resolve("/backchannel-logout/" + issuer.shape().id))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return GatewayServer.Response.json(502, Map.of("message", "the receiver could not be reached"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GatewayServer.Response.json(502, Map.of("message", "interrupted"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("issuer", issuer.shape().id);
        if (sub != null) {
            answer.put("sub", sub);
        }
        if (sid != null) {
            answer.put("sid", sid);
        }
        answer.put("receiverStatus", delivered.statusCode());
        answer.put("receiverAnswer", delivered.body());
        return GatewayServer.Response.json(delivered.statusCode() == 200 ? 200 : 502, answer);
    }

    private static long number(Object value, long defaultValue) {
        return value instanceof Number n ? n.longValue() : defaultValue;
    }

    private static GatewayServer.Response bad(String problem) {
        return GatewayServer.Response.json(400, Map.of("error", "invalid_request", "message", problem));
    }
}
