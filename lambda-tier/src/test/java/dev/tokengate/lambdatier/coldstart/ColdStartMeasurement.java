package dev.tokengate.lambdatier.coldstart;

import static dev.tokengate.lambdatier.fixture.SignedTraffic.assertSignedRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.core.table.AuditTable;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.coldstart.ColdStartCase.LabelledZip;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequest;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.sandbox.InitType;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.sandbox.StartTimes;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.template.ProjectLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cold starts of the three functions under Lambda's own runtime interface client, for docs/PERFORMANCE.md: each run
 * is a fresh {@link LambdaSandbox} (a new JVM on the zip's read-only task root, Lambda's command line and
 * environment, credentials as Lambda serves them, DynamoDB through the signature-checking proxy in front of moto),
 * timed from starting its JVM to the end of init (and, for SnapStart, of the restore hooks), then its first and
 * second request. The Node peer does the authorizer's work against the same moto.
 *
 * <p>Not a test of the build: its name matches neither Surefire's nor Failsafe's patterns, so {@code ./mvnw verify}
 * never runs it. It asserts only that every answer is right and each request made its one DynamoDB call; the
 * figures are printed and written to {@code bench/target/coldstart-lambda-tier[-label].{json,md}}. Run it with
 * {@code bench/coldstart/lambda-tier.sh}; its system properties:
 * <ul>
 *   <li>{@code coldstart.runs}: measured runs per case (default 7), after one unmeasured round;
 *   <li>{@code coldstart.only}: a comma list of {@code authorizer}, {@code revoke}, {@code audit}, {@code node};
 *   <li>{@code coldstart.initTypes}: {@code on-demand}, {@code snap-start} or both (the default);
 *   <li>{@code coldstart.zips}: {@code label=path,...}, other builds of the authorizer zip, measured beside it;
 *   <li>{@code coldstart.label}: the output files' suffix.
 * </ul>
 * Cases run round-robin (every case once per round), so a change of the machine's load spreads over all of them.
 */
@ExtendWith(MotoExtension.class)
class ColdStartMeasurement {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final String NODE = "Node peer (aws-jwt-verify + SDK v3 GetItem)";
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        // The Runtime API and the DynamoDB proxy are the JDK's HttpServer, which writes a response's headers and
        // body in two segments with Nagle's algorithm on: the second waits for the client's delayed ACK, ~40 ms on
        // Linux, once per exchange. That stall is the tier's, not Lambda's or DynamoDB's: switch it off before the
        // first server starts (the property is read once, when the JDK's server configuration loads).
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private final TestIssuer issuer = TestIssuer.fresh();

    @Test
    void measure(MotoServer moto) {
        int runs = Integer.getInteger("coldstart.runs", 7);
        Set<String> only = new LinkedHashSet<>(List.of(
                System.getProperty("coldstart.only", "authorizer,revoke,audit,node").split(",")));
        String tokenTable = moto.createTable("coldstart-tokens-" + UUID.randomUUID(), TokenTable.PARTITION_KEY,
                TokenTable.SORT_KEY, TokenTable.TTL, true);
        String auditTable = moto.createTable("coldstart-audit-" + UUID.randomUUID(), AuditTable.PARTITION_KEY,
                AuditTable.SORT_KEY, AuditTable.TTL, false);
        Map<String, String> tables = Map.of("TokenTable", tokenTable, "AuditTable", auditTable);

        List<ColdStartCase> cases = cases(only);
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        cases.forEach(c -> samples.put(c.label(), new ArrayList<>()));
        List<String> notes = new ArrayList<>();
        Optional<NodePeer> node = only.contains("node")
                ? NodePeer.start(moto.endpoint(), tokenTable, MotoServer.REGION.id(), ProjectLayout.work("node"), notes)
                : Optional.empty();
        node.ifPresent(peer -> samples.put(NODE, new ArrayList<>()));

        Report report = Report.begin(runs, node.map(NodePeer::version).orElse("not run"));
        try {
            for (int round = -1; round < runs; round++) { // round -1: unmeasured, fills the page cache
                for (int i = 0; i < cases.size(); i++) {
                    ColdStartCase next = cases.get(Math.floorMod(i + round, cases.size()));
                    Sample sample = run(next, moto, tables);
                    if (round >= 0) {
                        samples.get(next.label()).add(sample);
                    }
                }
                if (node.isPresent()) {
                    Sample sample = node.get().run(issuer);
                    if (round >= 0) {
                        samples.get(NODE).add(sample);
                    }
                }
                System.out.printf("cold start round %d of %d done%n", round + 1, runs);
            }
        } finally {
            node.ifPresent(NodePeer::close);
        }
        report.finish(samples, notes, cases);
    }

    private List<ColdStartCase> cases(Set<String> only) {
        Set<String> initTypes = Set.of(System.getProperty("coldstart.initTypes", "on-demand,snap-start").split(","));
        List<InitType> apiInits = Stream.of(InitType.ON_DEMAND, InitType.SNAP_START)
                .filter(type -> initTypes.contains(type.value())).toList();
        List<ColdStartCase> cases = new ArrayList<>();
        if (only.contains("authorizer")) {
            List<Optional<LabelledZip>> zips = new ArrayList<>();
            zips.add(Optional.empty());
            otherZips().forEach(zip -> zips.add(Optional.of(zip)));
            for (Optional<LabelledZip> zip : zips) {
                apiInits.forEach(type -> cases.add(new ColdStartCase(Workload.AUTHORIZER, type, zip)));
            }
        }
        if (only.contains("revoke")) {
            apiInits.forEach(type -> cases.add(new ColdStartCase(Workload.REVOKE_API, type, Optional.empty())));
        }
        if (only.contains("audit") && initTypes.contains(InitType.ON_DEMAND.value())) {
            // The template deploys the stream function without SnapStart: on demand only.
            cases.add(new ColdStartCase(Workload.AUDIT_STREAM, InitType.ON_DEMAND, Optional.empty()));
        }
        return cases;
    }

    private static List<LabelledZip> otherZips() {
        String configured = System.getProperty("coldstart.zips", "").trim();
        List<LabelledZip> zips = new ArrayList<>();
        if (configured.isEmpty()) {
            return zips;
        }
        for (String entry : configured.split(",")) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("coldstart.zips takes label=path,...: " + entry);
            }
            Path zip = Path.of(entry.substring(equals + 1).trim()).toAbsolutePath();
            if (!zip.toFile().isFile()) {
                throw new IllegalArgumentException("no zip at " + zip);
            }
            zips.add(new LabelledZip(entry.substring(0, equals).trim(), zip));
        }
        return zips;
    }

    /** One cold start: a fresh sandbox, its start times, two requests, the authorizer's crypto provider. */
    private Sample run(ColdStartCase next, MotoServer moto, Map<String, String> tables) {
        var builder = LambdaSandbox.function(next.workload().logicalId)
                .parameters(StackParameters.of(issuer.parameters()))
                .dynamoDb(moto.endpoint())
                .region(MotoServer.REGION.id())
                .initType(next.initType());
        tables.forEach(builder::resource);
        next.zip().ifPresent(zip -> builder.zip(zip.path()));
        try (LambdaSandbox sandbox = builder.start()) {
            StartTimes times = sandbox.startTimes();
            DynamoDbRequests.Window firstTraffic = sandbox.dynamoDb().window();
            Invocation first = request(sandbox, next.workload());
            int firstCalls = firstTraffic.requests().size();
            Invocation second = request(sandbox, next.workload());
            String provider = next.workload() == Workload.AUTHORIZER ? cryptoProvider(sandbox) : "";
            return new Sample(millis(times.init()), times.restore().map(ColdStartMeasurement::millis).orElse(0.0),
                    millis(first.duration()), millis(second.duration()), provider, firstCalls);
        }
    }

    /**
     * One request, checked: the right answer, and its DynamoDB operation, signed with served credentials. An attempt
     * that outran the client's timeout is retried with the same operation; the caller counts those.
     */
    private Invocation request(LambdaSandbox sandbox, Workload workload) {
        DynamoDbRequests.Window traffic = sandbox.dynamoDb().window();
        Invocation invocation = sandbox.invoke(workload.event(issuer));
        workload.check(invocation);
        List<DynamoDbRequest> requests = traffic.requests();
        assertThat(requests).as(sandbox::report).isNotEmpty();
        assertSignedRequests(sandbox, requests, requests.stream().map(r -> workload.operation).toArray(String[]::new));
        return invocation;
    }

    /** The provider the authorizer logged at init: ACCP where its native library loads, else the JDK's. */
    private static String cryptoProvider(LambdaSandbox sandbox) {
        JsonNode line = sandbox.logs().await("authorizer.crypto",
                l -> "authorizer.crypto".equals(l.path("event").asText()), LOG_WAIT);
        return line.path("provider").asText() + " (" + line.path("detail").asText() + ")";
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
