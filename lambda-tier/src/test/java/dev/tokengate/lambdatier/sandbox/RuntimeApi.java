package dev.tokengate.lambdatier.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on loopback, matched to what the Java runtime
 * interface client calls and expects: {@code invocation/next} blocks until the test submits an event and answers it
 * with the invocation headers; {@code response} and {@code error} are acknowledged with 202; init and restore errors
 * are recorded; for SnapStart, {@code restore/next} answers 200 at once (the snapshot is only notional here).
 */
final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";
    private static final Pattern RESULT = Pattern.compile(BASE + "invocation/([^/]+)/(response|error)");
    static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the runtime client reported for one invocation, or for its init/restore. */
    record Reply(String requestId, boolean success, String body, String errorType) {
    }

    private record Pending(String requestId, byte[] event, CompletableFuture<Reply> reply) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final Duration timeout;
    private final BlockingQueue<Pending> queued = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstNext = new CompletableFuture<>();
    private final CompletableFuture<Reply> initError = new CompletableFuture<>();
    private final CompletableFuture<Void> restoreNext = new CompletableFuture<>();
    private final CompletableFuture<Reply> restoreError = new CompletableFuture<>();
    /** System.nanoTime() of each step, for cold-start measurements: set once, read after the step is done. */
    private volatile long firstNextNanos;
    private volatile long restoreNextNanos;
    private final Map<String, long[]> exchangeNanos = new ConcurrentHashMap<>();

    private RuntimeApi(HttpServer server, ExecutorService executor, String functionArn, Duration timeout) {
        this.server = server;
        this.executor = executor;
        this.functionArn = functionArn;
        this.timeout = timeout;
    }

    /**
     * @param functionArn what {@code Lambda-Runtime-Invoked-Function-Arn} names (the alias ARN when invoked through one)
     * @param timeout the function's timeout: each invocation's deadline
     */
    static RuntimeApi start(String functionArn, Duration timeout) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port for the Runtime API", e);
        }
        // invocation/next holds its thread until an event comes: one thread per open request.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        RuntimeApi api = new RuntimeApi(http, executor, functionArn, timeout);
        http.createContext(BASE, api::handle);
        http.setExecutor(executor);
        http.start();
        return api;
    }

    /** {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one event; the future completes when the function answers it. */
    CompletableFuture<Reply> submit(byte[] event) {
        Pending pending = new Pending(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        queued.add(pending);
        return pending.reply();
    }

    /** Completes when the runtime first asks for an event: init (and, for SnapStart, restore) is over. */
    CompletableFuture<Void> ready() {
        return firstNext;
    }

    CompletableFuture<Reply> initError() {
        return initError;
    }

    /** Completes when the runtime client, after its beforeCheckpoint hooks, waits for the restore. */
    CompletableFuture<Void> restoreRequested() {
        return restoreNext;
    }

    CompletableFuture<Reply> restoreError() {
        return restoreError;
    }

    /** When the runtime client first asked for an event (0 before): the end of init, and of restore. */
    long firstNextNanos() {
        return firstNextNanos;
    }

    /** When the runtime client asked for the restore (0 if it never did): the end of a SnapStart init. */
    long restoreNextNanos() {
        return restoreNextNanos;
    }

    /**
     * When the event of {@code requestId} was handed to the runtime client and when its answer arrived, or null for
     * an unknown or unanswered request.
     */
    long[] exchangeNanos(String requestId) {
        long[] times = exchangeNanos.get(requestId);
        return times == null || times[1] == 0 ? null : times.clone();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedNanos = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Matcher result = RESULT.matcher(path);
            if ("GET".equals(method) && path.equals(BASE + "invocation/next")) {
                next(exchange);
            } else if ("POST".equals(method) && result.matches()) {
                exchangeNanos.computeIfPresent(result.group(1), (id, times) -> new long[] {times[0], arrivedNanos});
                result(exchange, result.group(1), result.group(2).equals("response"), body);
            } else if ("POST".equals(method) && path.equals(BASE + "init/error")) {
                initError.complete(errorReply("init", exchange, body));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("GET".equals(method) && path.equals(BASE + "restore/next")) {
                if (restoreNextNanos == 0) {
                    restoreNextNanos = arrivedNanos;
                }
                restoreNext.complete(null);
                send(exchange, 200, "");
            } else if ("POST".equals(method) && path.equals(BASE + "restore/error")) {
                restoreError.complete(errorReply("restore", exchange, body));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"" + method + " " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (firstNextNanos == 0) {
            firstNextNanos = System.nanoTime();
        }
        firstNext.complete(null);
        Pending pending;
        try {
            pending = queued.take();
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return;
        }
        inFlight.put(pending.requestId(), pending);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(Instant.now().plus(timeout).toEpochMilli()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        exchangeNanos.put(pending.requestId(), new long[] {System.nanoTime(), 0});
        exchange.sendResponseHeaders(200, pending.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(pending.event());
        }
    }

    private void result(HttpExchange exchange, String requestId, boolean success, byte[] body) throws IOException {
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
            send(exchange, 400, "{\"errorType\":\"InvalidRequestID\",\"errorMessage\":\"unknown request id\"}");
            return;
        }
        pending.reply().complete(new Reply(requestId, success, new String(body, StandardCharsets.UTF_8),
                success ? null : exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER)));
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static Reply errorReply(String phase, HttpExchange exchange, byte[] body) {
        return new Reply(phase, false, new String(body, StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER));
    }

    /** X-Ray's format: Root=1-<epoch seconds, hex>-<96 random bits>;Parent=<64 random bits>;Sampled=0. */
    private static String traceId() {
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        RANDOM.nextBytes(root);
        RANDOM.nextBytes(parent);
        HexFormat hex = HexFormat.of();
        return "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-" + hex.formatHex(root)
                + ";Parent=" + hex.formatHex(parent) + ";Sampled=0";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        // Interrupt the handler still waiting in invocation/next first: stop() waits for open exchanges.
        executor.shutdownNow();
        server.stop(0);
    }
}
