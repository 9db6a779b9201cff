package dev.tokengate.local;

import com.sun.net.httpserver.HttpServer;
import dev.tokengate.audit.handler.AuditStreamHandler;
import dev.tokengate.authorizer.handler.AuthorizerHandler;
import dev.tokengate.revoke.cache.FlushTarget;
import dev.tokengate.revoke.handler.RevokeApiHandler;
import dev.tokengate.testkit.MotoServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * LOCAL ONLY. The whole system on one machine: moto_server with the template's tables, the demo issuer, the three
 * real handlers configured only through their documented environment variables, the API Gateway stand-in, and the
 * stream poller. Closing it stops everything it started.
 */
final class LocalSystem implements AutoCloseable {
    static final String TOKEN_TABLE = "tokengate-local-tokens";
    static final String AUDIT_TABLE = "tokengate-local-audit";
    /** The gateway's one stage, as a flush target names it. */
    static final FlushTarget LOCAL_STAGE = new FlushTarget(FlushTarget.Kind.REST, GatewayServer.API_ID,
            GatewayServer.STAGE);

    private final MotoServer moto;
    private final GatewayServer gateway;
    private final StreamPoller poller;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;
    private final StdoutTap stdout;

    private LocalSystem(MotoServer moto, GatewayServer gateway, StreamPoller poller, DynamoDbClient client,
                        DynamoDbStreamsClient streams, StdoutTap stdout) {
        this.stdout = stdout;
        this.moto = moto;
        this.gateway = gateway;
        this.poller = poller;
        this.client = client;
        this.streams = streams;
    }

    /**
     * Starts everything.
     *
     * @param gatewayClock the clock of the authorizer result cache (tests advance it to show the TTL bound)
     */
    static LocalSystem start(LocalOptions options, Clock gatewayClock) {
        MotoServer moto = MotoServer.start();
        // Before the handlers exist: each takes hold of standard output once, at init, as on Lambda.
        MetricsView metrics = new MetricsView();
        StdoutTap stdout = StdoutTap.install(metrics);
        try {
            DynamoDbClient client = moto.dynamoDb();
            TemplateTables template = TemplateTables.read(options.template());
            template.create(client, "TokenTable", TOKEN_TABLE);
            template.create(client, "AuditTable", AUDIT_TABLE);
            String streamArn = client.describeTable(r -> r.tableName(TOKEN_TABLE)).table().latestStreamArn();

            HttpServer http = GatewayServer.bind(options.port());
            int port = http.getAddress().getPort();
            Map<String, String> common = new HashMap<>(options.passThrough());
            common.put("AWS_REGION", MotoServer.REGION.id());
            // The functions learn they run locally only through their documented endpoint variable.
            common.put("DYNAMODB_ENDPOINT", moto.endpoint().toString());
            // Two trusted issuers, as a platform with a workforce IdP and a Cognito user pool would have.
            List<DemoIssuer> issuers = List.of(new DemoIssuer(DemoIssuer.Shape.DEMO, Clock.systemUTC()),
                    new DemoIssuer(DemoIssuer.Shape.COGNITO, Clock.systemUTC()));
            Map<String, String> jwt = new HashMap<>(common);
            jwt.put("TOKEN_TABLE", TOKEN_TABLE);
            jwt.put("TRUSTED_ISSUERS", issuers.stream()
                    .map(issuer -> issuer.profileJson("http://127.0.0.1:" + port + DevEndpoints.jwksPath(issuer.shape())))
                    .collect(Collectors.joining(",", "[", "]")));
            // DPoP clients sign the stand-in's own URL (http://127.0.0.1:<port>/hello): the API stage's public base.
            jwt.put("PUBLIC_BASE_URLS", GatewayServer.API_ID + "/" + GatewayServer.STAGE + "=http://127.0.0.1:" + port);
            // As deployed: the authorizer is told the result TTL the gateway caches its answers for.
            jwt.put("AUTHORIZER_RESULT_TTL_SECONDS", Long.toString(options.authorizerTtl().toSeconds()));
            Map<String, String> audit = new HashMap<>(common);
            audit.put("AUDIT_TABLE", AUDIT_TABLE);

            AuthorizerCache cache = new AuthorizerCache(options.authorizerTtl(), gatewayClock);
            AuthorizerHandler authorizer = new AuthorizerHandler(jwt);
            RevokeApiHandler revokeApi;
            if (options.flushAuthorizerCache()) {
                // the revocation API flushes this gateway's one stage, as AuthorizerCacheFlushTargets does deployed
                Map<String, String> flushing = new HashMap<>(jwt);
                flushing.put("AUTHORIZER_CACHE_FLUSH_TARGETS", LOCAL_STAGE.toString());
                revokeApi = new RevokeApiHandler(flushing, target -> {
                    if (target.equals(LOCAL_STAGE)) {
                        cache.clear();
                    }
                });
            } else {
                revokeApi = new RevokeApiHandler(jwt);
            }
            AuditStreamHandler auditStream = new AuditStreamHandler(audit);

            DevEndpoints dev = new DevEndpoints(issuers, new AuditView(client, AUDIT_TABLE), metrics,
                    URI.create("http://127.0.0.1:" + port));
            GatewayServer gateway = new GatewayServer(http, authorizer, revokeApi, cache, dev,
                    TemplateGatewayResponses.read(options.template()));
            DynamoDbStreamsClient streams = moto.streams();
            StreamPoller poller = new StreamPoller(streams, streamArn, auditStream, Duration.ofMillis(250));
            gateway.start();
            poller.start();
            return new LocalSystem(moto, gateway, poller, client, streams, stdout);
        } catch (RuntimeException e) {
            stdout.close();
            moto.close();
            throw e;
        }
    }

    int port() {
        return gateway.port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    MotoServer moto() {
        return moto;
    }

    DynamoDbClient client() {
        return client;
    }

    StreamPoller poller() {
        return poller;
    }

    @Override
    public void close() {
        poller.close();
        gateway.close();
        streams.close();
        client.close();
        moto.close();
        stdout.close();
    }
}
