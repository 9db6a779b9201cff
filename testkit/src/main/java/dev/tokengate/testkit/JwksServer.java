package dev.tokengate.testkit;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JWKS endpoint on loopback (the JDK's own HTTP server) whose key set and behaviour a test can change: serve the
 * set, fail with 500, answer slowly, or serve garbage. Counts every request it sees.
 */
public final class JwksServer implements AutoCloseable {
    /** What the endpoint does with the next requests. */
    public enum Mode { SERVE, FAIL, SLOW, GARBAGE }

    private final HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.SERVE);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger requests = new AtomicInteger();

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    public static JwksServer start(JWKSet initial) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
        JwksServer jwks = new JwksServer(http);
        jwks.serve(initial);
        http.createContext("/.well-known/jwks.json", exchange -> {
            jwks.requests.incrementAndGet();
            Mode current = jwks.mode.get();
            try {
                if (current == Mode.SLOW) {
                    Thread.sleep(jwks.delay.get().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes;
            int status;
            switch (current) {
                case FAIL -> {
                    status = 500;
                    bytes = "{\"error\":\"down\"}".getBytes(StandardCharsets.UTF_8);
                }
                case GARBAGE -> {
                    status = 200;
                    bytes = "<html>not a key set</html>".getBytes(StandardCharsets.UTF_8);
                }
                default -> {
                    status = 200;
                    bytes = jwks.body.get().getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException clientGone) {
                // the client timed out and closed: expected in the slow-endpoint tests
            } finally {
                exchange.close();
            }
        });
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jwks-server");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return jwks;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    /** Serves the public part of this set from now on. */
    public void serve(JWKSet set) {
        body.set(set.toPublicJWKSet().toString(true));
        mode.set(Mode.SERVE);
    }

    public void fail() {
        mode.set(Mode.FAIL);
    }

    public void garbage() {
        mode.set(Mode.GARBAGE);
    }

    public void slow(Duration by) {
        delay.set(by);
        mode.set(Mode.SLOW);
    }

    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
