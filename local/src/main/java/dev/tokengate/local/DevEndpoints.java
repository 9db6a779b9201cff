package dev.tokengate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LOCAL ONLY. The unprotected {@code /dev/} routes of the local gateway: each demo issuer's
 * {@code GET /dev/issuers/<id>/jwks.json} (its profile's {@code jwksUrl}), {@code POST /dev/tokens} (mint a token,
 * {@code "issuer": "demo"} or {@code "cognito"}) and {@code GET /dev/audit} (what the stream function wrote to the
 * audit table). Never part of a deployment.
 */
final class DevEndpoints {
    static final String ISSUERS_PATH = "/dev/issuers/";
    static final String TOKENS_PATH = "/dev/tokens";
    static final String AUDIT_PATH = "/dev/audit";

    private final Map<String, DemoIssuer> issuers;
    private final AuditView audit;

    DevEndpoints(List<DemoIssuer> issuers, AuditView audit) {
        Map<String, DemoIssuer> byId = new LinkedHashMap<>();
        issuers.forEach(issuer -> byId.put(issuer.shape().id, issuer));
        this.issuers = Map.copyOf(byId);
        this.audit = audit;
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
        if (AUDIT_PATH.equals(path) && "GET".equals(method)) {
            return GatewayServer.Response.json(200, Map.of("items", audit.all()));
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
        DemoIssuer.Minted minted = issuer.mint(sub, (String) scope, lifetime, backdate, (String) origin, jkt);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", minted.token());
        answer.put("issuer", issuer.shape().id);
        answer.put("sub", minted.sub());
        answer.put("jti", minted.jti());
        answer.put("iat", minted.iat());
        answer.put("exp", minted.exp());
        if (jkt != null) {
            answer.put("token_type", "DPoP");
            answer.put("jkt", jkt);
        }
        return GatewayServer.Response.json(201, answer);
    }

    private static long number(Object value, long defaultValue) {
        return value instanceof Number n ? n.longValue() : defaultValue;
    }

    private static GatewayServer.Response bad(String problem) {
        return GatewayServer.Response.json(400, Map.of("error", "invalid_request", "message", problem));
    }
}
