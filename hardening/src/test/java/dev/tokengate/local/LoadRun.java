package dev.tokengate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * LOAD RUN (hardening/load.sh). Starts the local runner in-process (moto, the three real handlers, the API Gateway
 * stand-in with authorizer caching off, the stream poller) and, over loopback only:
 * <ol>
 *   <li>fires {@code GET /hello} from concurrent clients with a mix of valid, revoked and invalid tokens, bounded
 *       by a request count and a wall-clock limit, and reports throughput, p50/p99 latency, wrong answers (must be
 *       0) and errors;</li>
 *   <li>races revocations of single tokens (some the same token several times) against repeated revoke-alls on one
 *       user, then checks that the token table's final state and the audit trail agree, and that every token of
 *       that user is refused.</li>
 * </ol>
 * Arguments: {@code [clients=8] [requests=4000] [maxSeconds=60]}. Exit code 1 if anything was wrong.
 */
public final class LoadRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "load-http");
                t.setDaemon(true);
                return t;
            })).build();
    private final LocalSystem system;
    private final List<String> report = new ArrayList<>();

    private LoadRun(LocalSystem system) {
        this.system = system;
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int maxSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        LocalOptions options = new LocalOptions(0, Duration.ZERO, Path.of("template.yaml"), Map.of());
        boolean ok = false;
        try (LocalSystem system = LocalSystem.start(options, Clock.systemUTC())) {
            LoadRun run = new LoadRun(system);
            ok = run.hello(clients, requests, Duration.ofSeconds(maxSeconds));
            ok &= run.revocationRace(clients);
            String text = String.join(System.lineSeparator(), run.report) + System.lineSeparator();
            System.out.print(text);
            Path out = Path.of("hardening", "target", "load-report.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, text);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(2);
        }
        System.exit(ok ? 0 : 1);
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String bearer, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), parsed);
    }

    private JsonNode mint(String sub, String scope, long lifetime, long backdate) throws Exception {
        Answer minted = call("POST", "/dev/tokens", null, JSON.writeValueAsString(Map.of("sub", sub, "scope", scope,
                "lifetimeSeconds", lifetime, "backdateSeconds", backdate)));
        if (minted.status() != 201) {
            throw new IllegalStateException("minting failed: " + minted);
        }
        return minted.body();
    }

    private enum Kind { VALID, REVOKED, INVALID }

    private record Credential(Kind kind, String token) {
    }

    /** Part 1: GET /hello under concurrent load. */
    private boolean hello(int clients, int requests, Duration limit) throws Exception {
        List<Credential> credentials = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            credentials.add(new Credential(Kind.VALID, mint("load-user-" + i, "orders:read", 3600, 0)
                    .get("token").asText()));
        }
        for (int i = 0; i < 10; i++) {
            String token = mint("load-revoked-" + i, "orders:read", 3600, 0).get("token").asText();
            Answer revoked = call("POST", "/revocations", token,
                    JSON.writeValueAsString(Map.of("token", token, "reason", "load run")));
            if (revoked.status() != 200) {
                throw new IllegalStateException("revocation failed: " + revoked);
            }
            credentials.add(new Credential(Kind.REVOKED, token));
        }
        String sample = credentials.get(0).token();
        String[] parts = sample.split("\\.");
        char last = parts[2].charAt(5);
        String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A')
                + parts[2].substring(6);
        String swappedPayload = parts[0] + "." + credentials.get(1).token().split("\\.")[1] + "." + parts[2];
        // The demo issuer mints nothing already expired: this one expires one second after it is minted.
        String expired = mint("load-expired", "orders:read", 2, 1).get("token").asText();
        long expiresAt = System.currentTimeMillis() + 10_000;
        while (call("GET", "/hello", expired, null).status() == 200 && System.currentTimeMillis() < expiresAt) {
            Thread.sleep(200); // a driver, not a test: wait for the token's exp to pass
        }
        for (String invalid : List.of(tampered, swappedPayload, expired, "not-a-token", parts[0] + "." + parts[1] + ".",
                "eyJhbGciOiJub25lIn0." + parts[1] + ".", sample.substring(0, sample.length() / 2))) {
            credentials.add(new Credential(Kind.INVALID, invalid));
        }
        // a mix of 60 % valid, 20 % revoked, 20 % invalid
        List<Credential> mix = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Kind kind = i < 60 ? Kind.VALID : i < 80 ? Kind.REVOKED : Kind.INVALID;
            List<Credential> of = credentials.stream().filter(c -> c.kind() == kind).toList();
            mix.add(of.get(i % of.size()));
        }
        for (int i = 0; i < 200; i++) { // warm-up, not measured
            Credential c = mix.get(i % mix.size());
            call("GET", "/hello", c.token(), null);
        }

        AtomicInteger next = new AtomicInteger();
        AtomicInteger wrongAllow = new AtomicInteger();
        AtomicInteger wrongDeny = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + limit.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] mine = new long[requests];
                int count = 0;
                int i;
                while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                    Credential credential = mix.get((i * 37) % mix.size());
                    long t0 = System.nanoTime();
                    try {
                        int status = call("GET", "/hello", credential.token(), null).status();
                        mine[count++] = System.nanoTime() - t0;
                        statuses.merge(status, 1, Integer::sum);
                        if (status >= 500) {
                            errors.incrementAndGet();
                        } else if (credential.kind() == Kind.VALID && status != 200) {
                            wrongDeny.incrementAndGet();
                        } else if (credential.kind() != Kind.VALID && status != 401) {
                            if (status == 200) {
                                wrongAllow.incrementAndGet();
                            } else {
                                wrongDeny.incrementAndGet();
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                }
                latencies.add(java.util.Arrays.copyOf(mine, count));
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        List<Long> all = new ArrayList<>();
        latencies.forEach(a -> {
            for (long l : a) {
                all.add(l);
            }
        });
        Collections.sort(all);
        int done = all.size();
        report.add(String.format(Locale.ROOT, "GET /hello load: %d clients, %d requests in %.1f s (limit %d requests, "
                        + "%d s) = %.0f req/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; statuses %s; mix 60%% "
                        + "valid / 20%% revoked / 20%% invalid; wrong answers: %d Allow of a revoked or invalid token, "
                        + "%d refusal of a valid token; errors (5xx or I/O) %d",
                clients, done, seconds, requests, limit.toSeconds(), done / seconds, percentile(all, 50),
                percentile(all, 99), done == 0 ? 0 : all.get(done - 1) / 1e6, new TreeMap<>(statuses), wrongAllow.get(),
                wrongDeny.get(), errors.get()));
        return wrongAllow.get() == 0 && wrongDeny.get() == 0 && errors.get() == 0;
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    /** Part 2: revocations of single tokens racing revoke-alls on the same user; state and audit must agree. */
    private boolean revocationRace(int clients) throws Exception {
        String user = "race-user";
        String admin = mint("race-admin", "tokengate:admin", 3600, 0).get("token").asText();
        List<JsonNode> tokens = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tokens.add(mint(user, "orders:read", 3600, i % 3 == 0 ? 600 : 0));
        }
        List<java.util.concurrent.Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String jti = tokens.get(i).get("jti").asText();
            int copies = i % 4 == 0 ? 3 : 1; // some tokens revoked three times at once
            for (int c = 0; c < copies; c++) {
                tasks.add(() -> {
                    Answer a = call("POST", "/revocations", admin,
                            JSON.writeValueAsString(Map.of("jti", jti, "sub", user, "reason", "race")));
                    return "token " + a.status() + " " + a.body().path("outcome").asText();
                });
            }
            if (i % 6 == 0) {
                tasks.add(() -> {
                    Answer a = call("POST", "/users/" + user + "/revoke-all", admin,
                            JSON.writeValueAsString(Map.of("reason", "race-all")));
                    return "all " + a.status() + " " + a.body().path("outcome").asText();
                });
            }
        }
        Collections.shuffle(tasks, new java.util.Random(20261129));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Future<String> f : pool.invokeAll(tasks)) {
            outcomes.merge(f.get(), 1, Integer::sum);
        }
        pool.shutdown();

        // final state of the token table for this user
        List<Map<String, AttributeValue>> state = system.client().query(q -> q.tableName(LocalSystem.TOKEN_TABLE)
                .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk",
                        AttributeValue.fromS("USER#default#" + user))).consistentRead(true)).items();
        Set<String> revokedInTable = new HashSet<>();
        Long revokedBefore = null;
        for (Map<String, AttributeValue> item : state) {
            String sk = item.get("SK").s();
            if (sk.startsWith("TOKEN#") && Boolean.TRUE.equals(item.get("revoked").bool())) {
                revokedInTable.add(sk.substring("TOKEN#".length()));
            } else if (sk.equals("REVOKED_BEFORE")) {
                revokedBefore = Long.parseLong(item.get("revokedBefore").n());
            }
        }
        int writtenRevokeAll = outcomes.getOrDefault("all 200 REVOKED", 0);

        // play the event source mapping until the audit trail holds every change (bounded)
        Map<String, Integer> revokedAudits = new HashMap<>();
        List<Long> revokeAllAudits = new ArrayList<>();
        for (int attempt = 0; attempt < 60; attempt++) {
            system.poller().pollOnce();
            revokedAudits.clear();
            revokeAllAudits.clear();
            for (Map<String, AttributeValue> item : system.client().scan(s -> s.tableName(LocalSystem.AUDIT_TABLE)
                    .consistentRead(true)).items()) {
                if (!("USER#default#" + user).equals(item.get("PK").s())) {
                    continue;
                }
                String kind = item.get("kind").s();
                if (kind.equals("REVOKED")) {
                    revokedAudits.merge(item.get("jti").s(), 1, Integer::sum);
                } else if (kind.equals("USER_REVOKED_ALL")) {
                    revokeAllAudits.add(Long.parseLong(item.get("revokedBefore").n()));
                }
            }
            if (revokedAudits.keySet().equals(revokedInTable) && revokeAllAudits.size() >= writtenRevokeAll) {
                break;
            }
        }
        boolean auditMatches = revokedAudits.keySet().equals(revokedInTable)
                && revokedAudits.values().stream().allMatch(n -> n == 1)
                && revokeAllAudits.size() == writtenRevokeAll
                && (revokedBefore == null ? revokeAllAudits.isEmpty()
                : revokeAllAudits.stream().mapToLong(Long::longValue).max().orElse(-1) == revokedBefore);
        int stillAllowed = 0;
        for (JsonNode token : tokens) {
            if (call("GET", "/hello", token.get("token").asText(), null).status() == 200) {
                stillAllowed++;
            }
        }
        boolean allRevoked = revokedInTable.size() == tokens.size();
        report.add(String.format(Locale.ROOT, "revoke/revoke-all race on one user: %d concurrent requests from %d "
                        + "clients (%d tokens, 6 of them revoked 3 times at once, %d revoke-alls); answers %s; table: "
                        + "%d tokens revoked, REVOKED_BEFORE %s; audit: %d REVOKED items (one per token: %s), %d "
                        + "USER_REVOKED_ALL items (= revoke-alls answered REVOKED: %d); state and audit agree: %s; "
                        + "tokens of the user still allowed afterwards: %d",
                tasks.size(), clients, tokens.size(), tokens.size() / 6, outcomes, revokedInTable.size(),
                revokedBefore, revokedAudits.size(), revokedAudits.values().stream().allMatch(n -> n == 1),
                revokeAllAudits.size(), writtenRevokeAll, auditMatches, stillAllowed));
        return auditMatches && allRevoked && stillAllowed == 0;
    }
}
