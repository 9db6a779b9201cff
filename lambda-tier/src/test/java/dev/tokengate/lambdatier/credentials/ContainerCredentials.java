package dev.tokengate.lambdatier.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SnapStart function's credentials: Lambda sets no key variables at all, only the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}) and the token that endpoint wants in {@code Authorization}
 * ({@code AWS_CONTAINER_AUTHORIZATION_TOKEN}). This is that endpoint, on loopback: it refuses a missing or wrong
 * token and answers every good request with a fresh random set, so only a client that really went through the
 * endpoint can sign a request the DynamoDB stand-in accepts.
 */
public final class ContainerCredentials implements ExecutionRoleCredentials {
    public static final String FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public static final String AUTHORIZATION_TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    private static final String PATH = "/2021-04-23/credentials";
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String token = UUID.randomUUID().toString();
    private final List<AwsCredentials> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();

    private ContainerCredentials(HttpServer server) {
        this.server = server;
    }

    public static ContainerCredentials start() {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port for the credentials endpoint", e);
        }
        ContainerCredentials endpoint = new ContainerCredentials(http);
        http.createContext("/", endpoint::handle);
        http.start();
        return endpoint;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    @Override
    public Map<String, String> environment() {
        return Map.of(FULL_URI, uri().toString(), AUTHORIZATION_TOKEN, token);
    }

    @Override
    public List<AwsCredentials> issued() {
        return List.copyOf(issued);
    }

    /** Requests refused for a missing or wrong token, or a wrong path. */
    public int refusedRequests() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean authorized = token.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!"GET".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())
                    || !authorized) {
                refused.incrementAndGet();
                respond(exchange, authorized ? 404 : 401, Map.of("message", authorized ? "not found" : "unauthorized"));
                return;
            }
            AwsCredentials credentials = AwsCredentials.random();
            issued.add(credentials);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("AccessKeyId", credentials.accessKeyId());
            body.put("SecretAccessKey", credentials.secretAccessKey());
            body.put("Token", credentials.sessionToken());
            body.put("Expiration", Instant.now().plus(LIFETIME).toString());
            respond(exchange, 200, body);
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
