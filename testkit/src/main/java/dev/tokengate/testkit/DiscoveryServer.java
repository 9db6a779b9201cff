package dev.tokengate.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID Connect issuer on loopback for discovery tests: {@code /.well-known/openid-configuration} answers what the
 * test sets (by default an honest document naming this server as issuer and its {@code /jwks} as the key set), and
 * {@code /jwks} serves a public JWK set. Both count their requests; the metadata endpoint can be made to fail.
 */
public final class DiscoveryServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> metadata = new AtomicReference<>();
    private final AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private volatile boolean failing;

    private DiscoveryServer(HttpServer server) {
        this.server = server;
    }

    public static DiscoveryServer start(String publicJwks) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
        DiscoveryServer discovery = new DiscoveryServer(http);
        discovery.jwks.set(publicJwks);
        discovery.metadata.set("{\"issuer\":\"" + discovery.issuer() + "\",\"jwks_uri\":\"" + discovery.issuer()
                + "/jwks\"}");
        http.createContext("/.well-known/openid-configuration", exchange -> {
            discovery.metadataRequests.incrementAndGet();
            if (discovery.failing) {
                respond(exchange, 503, "{\"error\":\"down\"}");
            } else {
                respond(exchange, 200, discovery.metadata.get());
            }
        });
        http.createContext("/jwks", exchange -> {
            discovery.jwksRequests.incrementAndGet();
            respond(exchange, 200, discovery.jwks.get());
        });
        http.start();
        return discovery;
    }

    /** This server's issuer: {@code http://127.0.0.1:<port>} (plain http is accepted only for loopback). */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers this metadata document from now on. */
    public void metadata(String json) {
        metadata.set(json);
    }

    public void failing(boolean fail) {
        failing = fail;
    }

    public int metadataRequests() {
        return metadataRequests.get();
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
