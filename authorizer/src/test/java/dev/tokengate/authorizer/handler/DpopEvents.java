package dev.tokengate.authorizer.handler;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An issuer made for the test run and the events API Gateway sends for requests carrying its tokens: REST REQUEST and
 * HTTP API 2.0 events with the {@code DPoP} header and the fields the authorizer rebuilds the URL from, and the
 * mutual-TLS client certificate where each shape puts it.
 */
final class DpopEvents {
    static final String ISSUER = "https://issuer.dpop.test/";
    static final String AUDIENCE = "orders-api";
    static final ECKey ISSUER_KEY = TestKeys.ec("dpop-issuer");
    static final String DOMAIN = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";
    static final String REST_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    /** What a client signs for the REST event below: the execute-api host, the stage, the resource path. */
    static final String REST_URL = "https://" + DOMAIN + "/prod/orders/42";
    static final String HTTP_DOMAIN = "f6g7h8i9j0.execute-api.us-east-1.amazonaws.com";
    static final String HTTP_ARN = "arn:aws:execute-api:us-east-1:123456789012:f6g7h8i9j0/$default/GET/orders/42";
    static final String HTTP_URL = "https://" + HTTP_DOMAIN + "/orders/42";

    private DpopEvents() {
    }

    /** The handler's environment trusting this issuer (plus whatever the test overrides). */
    static Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TOKEN_TABLE", "tokens");
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWKS", TestKeys.publicJson(ISSUER_KEY));
        env.putAll(overrides);
        return env;
    }

    /** A valid token issued at {@code now}, bound to {@code key} ({@code cnf.jkt}), or a bearer token for null. */
    static String token(JWK key, Instant now) {
        TestTokens token = TestTokens.valid(ISSUER, AUDIENCE, now.minusSeconds(30)).subject("alice");
        if (key != null) {
            token.claim("cnf", DpopProofs.confirmation(key));
        }
        return token.sign(ISSUER_KEY);
    }

    /** A token bound to a client certificate ({@code cnf.x5t#S256}). */
    static String certificateBoundToken(String thumbprint, Instant now) {
        return TestTokens.valid(ISSUER, AUDIENCE, now.minusSeconds(30)).subject("alice")
                .claim("cnf", Map.of("x5t#S256", thumbprint)).sign(ISSUER_KEY);
    }

    /** REST REQUEST: headers and multiValueHeaders, requestContext with domainName, path and identity. */
    static Map<String, Object> rest(String authorization, String proof, String clientCertPem) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", authorization);
        headers.put("Host", DOMAIN);
        if (proof != null) {
            headers.put("DPoP", proof);
        }
        Map<String, Object> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", "203.0.113.10");
        identity.put("clientCert", clientCertPem == null ? null : Map.of("clientCertPem", clientCertPem,
                "subjectDN", "CN=client.example", "issuerDN", "CN=client.example"));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("path", "/prod/orders/42");
        context.put("stage", "prod");
        context.put("domainName", DOMAIN);
        context.put("domainPrefix", "a1b2c3d4e5");
        context.put("httpMethod", "GET");
        context.put("apiId", "a1b2c3d4e5");
        context.put("identity", identity);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "REQUEST");
        event.put("methodArn", REST_ARN);
        event.put("resource", "/orders/{id}");
        event.put("path", "/orders/42");
        event.put("httpMethod", "GET");
        event.put("headers", headers);
        event.put("multiValueHeaders", multi);
        event.put("queryStringParameters", Map.of("expand", "items"));
        event.put("requestContext", context);
        return event;
    }

    /** HTTP API 2.0: lower-case headers, rawPath, requestContext.http and authentication. */
    static Map<String, Object> httpApi(String authorization, String proof, String clientCertPem) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("authorization", authorization);
        headers.put("host", HTTP_DOMAIN);
        if (proof != null) {
            headers.put("dpop", proof);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("apiId", "f6g7h8i9j0");
        context.put("domainName", HTTP_DOMAIN);
        context.put("http", Map.of("method", "GET", "path", "/orders/42", "protocol", "HTTP/1.1"));
        context.put("stage", "$default");
        if (clientCertPem != null) {
            context.put("authentication", Map.of("clientCert", Map.of("clientCertPem", clientCertPem)));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", HTTP_ARN);
        event.put("identitySource", List.of(authorization));
        event.put("rawPath", "/orders/42");
        event.put("rawQueryString", "expand=items");
        event.put("headers", headers);
        event.put("requestContext", context);
        return event;
    }

    static String proof(JWK key, String url, String token, Instant now) {
        return DpopProofs.of(key, "GET", url, token, now).sign();
    }
}
