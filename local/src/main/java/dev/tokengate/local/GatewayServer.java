package dev.tokengate.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokengate.testkit.LambdaInvocationContext;
import dev.tokengate.testkit.gateway.PolicyEvaluator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * LOCAL ONLY. A real HTTP server that behaves like API Gateway REST in front of the real handlers: for every request
 * it finds the route, takes the identity source, consults the authorizer result cache, invokes the authorizer with
 * a REQUEST event, evaluates the returned policy against the method ARN, maps 401/403/500 as API Gateway does, and
 * forwards an allowed request as a proxy event. It also serves the demo issuer under {@code /dev/}.
 */
final class GatewayServer implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String API_ID = "localapi01"; // shaped like API Gateway's ids, so rules naming an API work here too
    static final String STAGE = "local";
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> authorizer;
    private final RequestStreamHandler revokeApi;
    private final AuthorizerCache cache;
    private final DevEndpoints devEndpoints;
    private final TemplateGatewayResponses gatewayResponses;
    private final Object authorizerInstance = new Object();
    private final Object revokeInstance = new Object();

    /** Binds the loopback port first: the functions' configuration needs it (JWKS_URL) before they exist. */
    static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose another port with --port", e);
        }
    }

    GatewayServer(HttpServer server, RequestHandler<Map<String, Object>, Map<String, Object>> authorizer,
                  RequestStreamHandler revokeApi, AuthorizerCache cache, DevEndpoints devEndpoints,
                  TemplateGatewayResponses gatewayResponses) {
        this.server = server;
        this.gatewayResponses = gatewayResponses;
        this.authorizer = authorizer;
        this.revokeApi = revokeApi;
        this.cache = cache;
        this.devEndpoints = devEndpoints;
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "gateway");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(exchange);
            } catch (RuntimeException e) {
                System.out.println(dev.tokengate.core.log.JsonLine.error("local.gateway.failure")
                        .with("error", e.getClass().getSimpleName()).render());
                response = Response.json(500, Map.of("message", "Internal server error"));
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Response route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return Response.json(413, Map.of("message", "Request Too Long"));
        }
        if (path.startsWith("/dev/")) {
            return devEndpoints.handle(method, path, new String(body, StandardCharsets.UTF_8));
        }
        Optional<Route.Match> match = Route.find(method, path);
        if (match.isEmpty()) {
            // API Gateway's answer for a method/resource it does not define, before any authorizer runs.
            return Response.json(403, Map.of("message", "Missing Authentication Token"));
        }
        Map<String, String> headers = singleHeaders(exchange);
        if (!match.get().route().authorized()) {
            // Authorizer NONE (the back-channel logout receiver): straight to the integration, no context
            return invokeRevokeApi(proxyEvent(exchange, method, path, match.get(), headers, body, null,
                    UUID.randomUUID().toString()));
        }
        String identity = headers.get("Authorization");
        if (identity == null || identity.isBlank()) {
            // With an identity source configured, API Gateway answers 401 without invoking the authorizer.
            return unauthorized();
        }
        String methodArn = "arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":" + API_ID + "/" + STAGE + "/"
                + method + path;
        String requestId = UUID.randomUUID().toString();
        AuthorizerCache.Result result = cache.get(identity);
        if (result == null) {
            Map<String, Object> event = requestAuthorizerEvent(exchange, method, path, match.get(), headers,
                    methodArn, requestId);
            Map<String, Object> answer;
            try {
                synchronized (authorizerInstance) { // one invocation at a time, as in one Lambda sandbox
                    answer = JsonCodec.roundTrip(authorizer.handleRequest(event,
                            new LambdaInvocationContext("AuthorizerFunction", 10_000)));
                }
            } catch (RuntimeException e) {
                if ("Unauthorized".equals(e.getMessage())) {
                    return unauthorized();
                }
                // Any other authorizer failure: API Gateway answers 500 and caches nothing.
                return Response.json(500, Map.of("message", "Internal server error"));
            }
            result = toResult(answer);
            if (result == null) {
                return Response.json(500, Map.of("message", "Internal server error"));
            }
            cache.put(identity, result);
        }
        switch (PolicyEvaluator.evaluate(result.policyDocument(), methodArn)) {
            case EXPLICIT_DENY:
                return Response.json(403, Map.of("Message",
                        "User is not authorized to access this resource with an explicit deny"))
                        .with(gatewayResponses.accessDenied());
            case IMPLICIT_DENY:
                return Response.json(403, Map.of("Message", "User is not authorized to access this resource"))
                        .with(gatewayResponses.accessDenied());
            default:
                break;
        }
        Map<String, Object> authorizerContext = new LinkedHashMap<>(result.context());
        authorizerContext.put("principalId", result.principalId());
        if (match.get().route().target() == Route.Target.HELLO) {
            return Response.json(200, Map.of("message", "hello, " + result.principalId(),
                    "authorizer", authorizerContext));
        }
        return invokeRevokeApi(proxyEvent(exchange, method, path, match.get(), headers, body, authorizerContext,
                requestId));
    }

    /** API Gateway's 401 (response type UNAUTHORIZED), with the headers the template's gateway response adds. */
    private Response unauthorized() {
        return Response.json(401, Map.of("message", "Unauthorized")).with(gatewayResponses.unauthorized());
    }

    private static AuthorizerCache.Result toResult(Map<String, Object> answer) {
        Object principal = answer.get("principalId");
        Object policy = answer.get("policyDocument");
        if (!(principal instanceof String p) || policy == null) {
            return null; // API Gateway treats a malformed authorizer answer as a configuration error (500)
        }
        Map<String, Object> context = new LinkedHashMap<>();
        if (answer.get("context") instanceof Map<?, ?> c) {
            c.forEach((k, v) -> context.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        return new AuthorizerCache.Result(policy, p, context);
    }

    private Response invokeRevokeApi(Map<String, Object> event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        synchronized (revokeInstance) {
            revokeApi.handleRequest(new ByteArrayInputStream(JsonCodec.write(event).getBytes(StandardCharsets.UTF_8)),
                    out, new LambdaInvocationContext("RevokeApiFunction", 10_000));
        }
        Map<String, Object> proxy = JsonCodec.readObject(out.toString(StandardCharsets.UTF_8));
        int status = proxy.get("statusCode") instanceof Number n ? n.intValue() : 502;
        Map<String, String> headers = new LinkedHashMap<>();
        if (proxy.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        Object body = proxy.get("body");
        return new Response(status, headers, body == null ? "" : String.valueOf(body));
    }

    private static Map<String, Object> requestAuthorizerEvent(HttpExchange exchange, String method, String path,
                                                              Route.Match match, Map<String, String> headers,
                                                              String methodArn, String requestId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn);
        // The authorizer's REQUEST event carries empty maps where the proxy event carries nulls.
        event.putAll(requestFields(exchange, method, path, match, headers, false));
        event.put("requestContext", requestContext(exchange, method, path, match, requestId));
        return event;
    }

    private static Map<String, Object> proxyEvent(HttpExchange exchange, String method, String path, Route.Match match,
                                                  Map<String, String> headers, byte[] body,
                                                  Map<String, Object> authorizerContext, String requestId) {
        Map<String, Object> event = requestFields(exchange, method, path, match, headers, true);
        Map<String, Object> context = requestContext(exchange, method, path, match, requestId);
        if (authorizerContext != null) {
            context.put("authorizer", authorizerContext);
        }
        event.put("requestContext", context);
        event.put("body", body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", false);
        return event;
    }

    /** The request as API Gateway REST describes it in both events: resource, path, method, headers, parameters. */
    private static Map<String, Object> requestFields(HttpExchange exchange, String method, String path,
                                                     Route.Match match, Map<String, String> headers,
                                                     boolean emptyAsNull) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("resource", match.route().resource());
        fields.put("path", path);
        fields.put("httpMethod", method);
        fields.put("headers", headers);
        fields.put("multiValueHeaders", multiHeaders(exchange));
        Map<String, List<String>> query = query(exchange);
        boolean noQuery = emptyAsNull && query.isEmpty();
        fields.put("queryStringParameters", noQuery ? null : lastValues(query));
        fields.put("multiValueQueryStringParameters", noQuery ? null : query);
        boolean noParams = emptyAsNull && match.pathParameters().isEmpty();
        fields.put("pathParameters", noParams ? null : match.pathParameters());
        fields.put("stageVariables", emptyAsNull ? null : Map.of());
        return fields;
    }

    private static Map<String, Object> requestContext(HttpExchange exchange, String method, String path,
                                                      Route.Match match, String requestId) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", ACCOUNT);
        context.put("apiId", API_ID);
        context.put("stage", STAGE);
        context.put("requestId", requestId);
        context.put("resourcePath", match.route().resource());
        context.put("httpMethod", method);
        context.put("path", "/" + STAGE + path);
        context.put("protocol", "HTTP/1.1");
        context.put("requestTimeEpoch", System.currentTimeMillis());
        context.put("identity", Map.of("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress(),
                "userAgent", String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"))));
        return context;
    }

    /** API Gateway REST passes the last value of a repeated header in {@code headers}; all of them in multiValue. */
    private static Map<String, String> singleHeaders(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(values.size() - 1));
            }
        });
        return headers;
    }

    private static Map<String, List<String>> multiHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return headers;
    }

    /** Every value of every query parameter, in order, as API Gateway's {@code multiValueQueryStringParameters}. */
    private static Map<String, List<String>> query(HttpExchange exchange) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
        }
        return query;
    }

    /** API Gateway REST puts the last value of a repeated parameter in {@code queryStringParameters}. */
    private static Map<String, String> lastValues(Map<String, List<String>> multi) {
        Map<String, String> single = new LinkedHashMap<>();
        multi.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
        return single;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** An HTTP answer. */
    record Response(int status, Map<String, String> headers, String body) {
        static Response json(int status, Object body) {
            return new Response(status, Map.of("Content-Type", "application/json"), JsonCodec.write(body));
        }

        Response with(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(more);
            return new Response(status, all, body);
        }
    }
}
