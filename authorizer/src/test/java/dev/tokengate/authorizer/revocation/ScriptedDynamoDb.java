package dev.tokengate.authorizer.revocation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A loopback endpoint that answers each request (a lookup's {@code BatchGetItem}, the replay store's {@code PutItem})
 * with the next scripted answer, as DynamoDB would put it on the wire. moto cannot throttle, and throttling is what
 * these answers are for; everything else about a lookup or a replay write is tested against moto. Once the script is used up, every request gets an empty, complete answer.
 */
public final class ScriptedDynamoDb implements AutoCloseable {
    /** One answer DynamoDB can give a BatchGetItem. */
    public enum Answer {
        /** Nothing found, nothing left: "not revoked" in denylist mode. */
        EMPTY,
        /** HTTP 200 with every requested key back in UnprocessedKeys (a partial throttle). */
        ALL_UNPROCESSED,
        PROVISIONED_THROUGHPUT_EXCEEDED,
        THROTTLING,
        REQUEST_LIMIT_EXCEEDED,
        INTERNAL_SERVER_ERROR
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Answer> given = new CopyOnWriteArrayList<>();
    private final String table;

    private ScriptedDynamoDb(HttpServer server, String table) {
        this.server = server;
        this.table = table;
    }

    public static ScriptedDynamoDb start(String table) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb(server, table);
            server.createContext("/", dynamoDb::answer);
            server.start();
            return dynamoDb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The production client (core's retry strategy) with {@code budget}, pointed here with made-up keys. */
    public DynamoDbClient client(DynamoDbClients.Budget budget) {
        return DynamoDbClients.builder(Region.US_EAST_1, budget)
                .endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .build();
    }

    public ScriptedDynamoDb then(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
        return this;
    }

    /** The answers given so far, one per request received. */
    public List<Answer> given() {
        return List.copyOf(given);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer;
        synchronized (script) {
            answer = script.isEmpty() ? Answer.EMPTY : script.removeFirst();
        }
        given.add(answer);
        switch (answer) {
            case EMPTY -> send(exchange, 200, null, "{\"Responses\":{\"" + table + "\":[]},\"UnprocessedKeys\":{}}");
            // The request is {"RequestItems":{...}}: UnprocessedKeys has the same shape, so echo it back.
            case ALL_UNPROCESSED -> send(exchange, 200, null, "{\"Responses\":{\"" + table + "\":[]},"
                    + "\"UnprocessedKeys\":" + request.substring(request.indexOf(':') + 1, request.lastIndexOf('}'))
                    + "}");
            case PROVISIONED_THROUGHPUT_EXCEEDED -> error(exchange, 400,
                    "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
            case THROTTLING -> error(exchange, 400, "com.amazon.coral.availability#ThrottlingException");
            case REQUEST_LIMIT_EXCEEDED -> error(exchange, 400, "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded");
            case INTERNAL_SERVER_ERROR -> error(exchange, 500, "com.amazonaws.dynamodb.v20120810#InternalServerError");
        }
    }

    private static void error(HttpExchange exchange, int status, String type) throws IOException {
        send(exchange, status, type.substring(type.indexOf('#') + 1),
                "{\"__type\":\"" + type + "\",\"message\":\"scripted\"}");
    }

    private static void send(HttpExchange exchange, int status, String errorType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "scripted");
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
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
