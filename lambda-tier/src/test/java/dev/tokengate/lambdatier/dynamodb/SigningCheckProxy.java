package dev.tokengate.lambdatier.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokengate.lambdatier.credentials.AwsCredentials;
import dev.tokengate.lambdatier.credentials.ExecutionRoleCredentials;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequest.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * DynamoDB as a function's execution role meets it: a loopback proxy in front of moto (which checks no signature)
 * that refuses, as DynamoDB does, every request not signed with credentials Lambda actually handed this function,
 * and records each request by operation. Requests it accepts are forwarded unchanged.
 */
public final class SigningCheckProxy implements AutoCloseable {
    private static final String TARGET = "X-Amz-Target";
    /** Headers that describe one hop only, or that the JDK's client and server set themselves (and refuse to be given). */
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI target;
    private final ExecutionRoleCredentials credentials;
    private final String region;
    private final DynamoDbRequests requests = new DynamoDbRequests();

    private SigningCheckProxy(HttpServer server, ExecutorService executor, URI target,
                              ExecutionRoleCredentials credentials, String region) {
        this.server = server;
        this.executor = executor;
        this.target = target;
        this.credentials = credentials;
        this.region = region;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * @param target moto's endpoint
     * @param credentials what Lambda handed the function: the only credentials accepted
     * @param region the region the function runs in: a signature scoped to another one is refused
     */
    public static SigningCheckProxy start(URI target, ExecutionRoleCredentials credentials, String region) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port for the DynamoDB proxy", e);
        }
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "dynamodb-proxy");
            thread.setDaemon(true);
            return thread;
        });
        SigningCheckProxy proxy = new SigningCheckProxy(http, executor, target, credentials, region);
        http.createContext("/", proxy::handle);
        http.setExecutor(executor);
        http.start();
        return proxy;
    }

    /** The endpoint to give the function (through the template's local-endpoint parameter). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public DynamoDbRequests requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String targetHeader = exchange.getRequestHeaders().getFirst(TARGET);
            String operation = targetHeader == null ? "?" : targetHeader.substring(targetHeader.indexOf('.') + 1);
            Optional<SignatureV4.Authorization> authorization =
                    SignatureV4.Authorization.parse(exchange.getRequestHeaders().getFirst("Authorization"));
            Verdict verdict = judge(exchange, authorization, body);
            requests.add(new DynamoDbRequest(operation, authorization.map(SignatureV4.Authorization::accessKeyId)
                    .orElse("?"), verdict));
            if (verdict == Verdict.ACCEPTED) {
                forward(exchange, body);
            } else {
                refuse(exchange, verdict);
            }
        }
    }

    private Verdict judge(HttpExchange exchange, Optional<SignatureV4.Authorization> authorization, byte[] body) {
        if (authorization.isEmpty()) {
            return Verdict.NOT_SIGNED;
        }
        Optional<AwsCredentials> issued = credentials.byAccessKeyId(authorization.get().accessKeyId());
        if (issued.isEmpty()) {
            return Verdict.UNKNOWN_ACCESS_KEY;
        }
        if (!issued.get().sessionToken().equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
            return Verdict.WRONG_SESSION_TOKEN;
        }
        SignatureV4.Request request = new SignatureV4.Request(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body);
        boolean valid = region.equals(authorization.get().region())
                && SignatureV4.verify(authorization.get(), issued.get().secretAccessKey(), request);
        return valid ? Verdict.ACCEPTED : Verdict.BAD_SIGNATURE;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = target.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to moto", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        send(exchange, response.statusCode(), response.body());
    }

    /** DynamoDB's own answers to these (JSON 1.0 protocol), so the SDK reacts as it would in AWS. */
    private static void refuse(HttpExchange exchange, Verdict verdict) throws IOException {
        Map.Entry<String, String> error = switch (verdict) {
            case NOT_SIGNED -> Map.entry("MissingAuthenticationTokenException", "Request is missing Authentication Token");
            case BAD_SIGNATURE -> Map.entry("InvalidSignatureException", "The request signature we calculated does not "
                    + "match the signature you provided. Check your AWS Secret Access Key and signing method.");
            default -> Map.entry("UnrecognizedClientException", "The security token included in the request is invalid.");
        };
        String body = "{\"__type\":\"com.amazon.coral.service#" + error.getKey() + "\",\"message\":\""
                + error.getValue() + "\"}";
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        send(exchange, 400, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
