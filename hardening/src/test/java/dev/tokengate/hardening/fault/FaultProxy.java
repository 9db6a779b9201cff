package dev.tokengate.hardening.fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A loopback TCP proxy that sits between a function's DynamoDB client and moto_server and misbehaves on demand.
 * It reads one HTTP request per client connection (moto answers {@code Connection: close}, so clients never reuse a
 * connection through it), then, by the {@link Fault} chosen for that request: forwards it, delays it, drops the
 * connection without an answer, resets it (RST), answers an HTTP 500 or one of DynamoDB's throttling answers (the
 * three throttling errors, or a {@code BatchGetItem} whose every key comes back unprocessed), or forwards it and then
 * drops moto's answer (the write landed, the caller never hears so).
 *
 * <p>Only the delay mode sleeps: that is the fault. Every request is recorded with the fault it got.
 */
public final class FaultProxy implements AutoCloseable {
    /** What happens to one request. */
    public enum Fault {
        /** Forward to moto and back. */
        NONE,
        /** Wait {@link #delay} before forwarding (longer than the client's attempt timeout: a hung store). */
        DELAY,
        /** Close the connection without answering (FIN). */
        DROP,
        /** Abort the connection (RST, via SO_LINGER 0). */
        RESET,
        /** HTTP 500 with DynamoDB's InternalServerError body. */
        HTTP_500,
        /** HTTP 400 ProvisionedThroughputExceededException, as DynamoDB throttles a partition or provisioned table. */
        THROTTLE,
        /** HTTP 400 ThrottlingException (DynamoDB's answer when a table's or the account's quota is exceeded). */
        THROTTLING_EXCEPTION,
        /** HTTP 400 RequestLimitExceeded (throughput above the account's quota for on-demand tables). */
        REQUEST_LIMIT_EXCEEDED,
        /**
         * HTTP 200 to a {@code BatchGetItem} with nothing read and every requested key in {@code UnprocessedKeys}: what
         * DynamoDB answers when it throttles some items of a batch but not all of it. Not forwarded.
         */
        UNPROCESSED_KEYS,
        /** Forward the request (it takes effect in moto), then drop the answer. */
        DROP_RESPONSE
    }

    /** One request seen by the proxy: the DynamoDB operation (X-Amz-Target) and what was done to it. */
    public record Seen(String operation, Fault fault) {
    }

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final URI upstream;
    private final AtomicReference<IntFunction<Fault>> schedule = new AtomicReference<>(i -> Fault.NONE);
    private final AtomicInteger requestIndex = new AtomicInteger();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ofSeconds(3);
    private final Thread acceptor;
    private final List<Thread> workers = new CopyOnWriteArrayList<>();

    private FaultProxy(ServerSocket server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        this.acceptor.setDaemon(true);
    }

    /** Starts a proxy on a free loopback port in front of {@code upstream} (an http://127.0.0.1:port URI). */
    public static FaultProxy start(URI upstream) {
        try {
            ServerSocket socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(socket, upstream);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Every request from now on gets {@code fault}. */
    public FaultProxy always(Fault fault) {
        schedule.set(i -> fault);
        return this;
    }

    /** The next {@code count} requests get {@code fault}, then requests pass again. */
    public FaultProxy next(int count, Fault fault) {
        int from = requestIndex.get();
        schedule.set(i -> i < from + count ? fault : Fault.NONE);
        return this;
    }

    /** The next requests get {@code faults}, one each and in order, then requests pass again. */
    public FaultProxy nextInOrder(Fault... faults) {
        int from = requestIndex.get();
        List<Fault> order = List.of(faults);
        schedule.set(i -> i >= from && i < from + order.size() ? order.get(i - from) : Fault.NONE);
        return this;
    }

    /** Request number i (counted from the proxy's start) gets {@code schedule.apply(i)}. */
    public FaultProxy schedule(IntFunction<Fault> faults) {
        schedule.set(faults);
        return this;
    }

    public FaultProxy clear() {
        return always(Fault.NONE);
    }

    public FaultProxy delay(Duration by) {
        this.delay = by;
        return this;
    }

    /**
     * Waits until every request the proxy accepted so far is finished, delayed ones included (a delayed write still
     * reaches moto after the client gave up: tests compare the table only after that).
     */
    public void awaitIdle() {
        for (Thread worker : workers) {
            try {
                worker.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.removeIf(t -> !t.isAlive());
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public void forget() {
        seen.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            Fault fault = schedule.get().apply(requestIndex.getAndIncrement());
            Thread worker = new Thread(() -> serve(client, fault), "fault-proxy-" + fault);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void serve(Socket client, Fault fault) {
        open.put(client, Boolean.TRUE);
        try (client) {
            client.setSoTimeout(30_000);
            byte[] request = readRequest(client.getInputStream());
            if (request == null) {
                return;
            }
            seen.add(new Seen(operation(request), fault));
            switch (fault) {
                case NONE -> forward(client, request, false);
                case DELAY -> {
                    Thread.sleep(delay.toMillis());
                    forward(client, request, false);
                }
                case DROP -> {
                    // try-with-resources closes normally: FIN without a byte of answer
                }
                case RESET -> client.setSoLinger(true, 0);
                case HTTP_500 -> answer(client, 500, "Internal Server Error", "InternalServerError",
                        "com.amazonaws.dynamodb.v20120810#InternalServerError");
                case THROTTLE -> answer(client, 400, "Bad Request", "ProvisionedThroughputExceededException",
                        "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
                case THROTTLING_EXCEPTION -> answer(client, 400, "Bad Request", "ThrottlingException",
                        "com.amazon.coral.availability#ThrottlingException");
                case REQUEST_LIMIT_EXCEEDED -> answer(client, 400, "Bad Request", "RequestLimitExceeded",
                        "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded");
                case UNPROCESSED_KEYS -> unprocessed(client, request);
                case DROP_RESPONSE -> forward(client, request, true);
            }
        } catch (IOException | InterruptedException clientGone) {
            // the client timed out or went away: that is what several faults are for
        } finally {
            open.remove(client);
        }
    }

    private void forward(Socket client, byte[] request, boolean dropAnswer) throws IOException {
        try (Socket moto = new Socket()) {
            moto.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5_000);
            moto.setSoTimeout(30_000);
            moto.getOutputStream().write(request);
            moto.getOutputStream().flush();
            // moto answers Connection: close, so its whole answer is everything up to EOF
            byte[] response = moto.getInputStream().readAllBytes();
            if (dropAnswer) {
                client.setSoLinger(true, 0);
                return;
            }
            OutputStream out = client.getOutputStream();
            out.write(response);
            out.flush();
        }
    }

    private static void answer(Socket client, int status, String text, String errorType, String type)
            throws IOException {
        byte[] body = ("{\"__type\":\"" + type + "\",\"message\":\"injected by the fault proxy\"}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + text + "\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + "x-amzn-RequestId: fault-proxy\r\n"
                + "x-amzn-ErrorType: " + errorType + ":http://internal.amazon.com/coral/com.amazonaws.dynamodb.v20120810/\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /**
     * A {@code BatchGetItem} answered with nothing read: its body is {@code {"RequestItems":{...}}}, and
     * {@code UnprocessedKeys} has exactly that shape, so the request's items go back as they came.
     */
    private static void unprocessed(Socket client, byte[] request) throws IOException {
        String text = new String(request, StandardCharsets.UTF_8);
        String body = text.substring(indexOfHeadEnd(request) + 4);
        String items = body.substring(body.indexOf(':') + 1, body.lastIndexOf('}'));
        byte[] answer = ("{\"Responses\":{},\"UnprocessedKeys\":" + items + "}").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + "x-amzn-RequestId: fault-proxy\r\n"
                + "Content-Length: " + answer.length + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(answer);
        out.flush();
    }

    /** One HTTP/1.1 request with a Content-Length body (what the AWS SDK sends), or null on EOF. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int headEnd = -1;
        byte[] chunk = new byte[8192];
        while (headEnd < 0) {
            int n = in.read(chunk);
            if (n < 0) {
                return null;
            }
            buffer.write(chunk, 0, n);
            headEnd = indexOfHeadEnd(buffer.toByteArray());
            if (headEnd < 0 && buffer.size() > MAX_HEAD_BYTES) {
                throw new IOException("request head too large");
            }
        }
        byte[] soFar = buffer.toByteArray();
        String head = new String(soFar, 0, headEnd, StandardCharsets.ISO_8859_1);
        long length = 0;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        long total = headEnd + 4 + length;
        while (buffer.size() < total) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, total - buffer.size()));
            if (n < 0) {
                return null;
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }

    private static int indexOfHeadEnd(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String operation(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.toLowerCase(Locale.ROOT).startsWith("x-amz-target:")) {
                String target = line.substring("x-amz-target:".length()).trim();
                int dot = target.indexOf('.');
                return dot >= 0 ? target.substring(dot + 1) : target;
            }
        }
        return "?";
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket does not fail in a way a test cares about
        }
        for (Socket socket : open.keySet()) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
