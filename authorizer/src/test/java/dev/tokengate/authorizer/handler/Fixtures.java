package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The demo fixtures in {@code events/} and a handler configured like {@code sam local invoke} would run it. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String DEMO_SUB = "demo-user";
    static final String DEMO_JTI = "demo-token-0001";

    private Fixtures() {
    }

    /** The demo bearer token, as it appears in the REST TOKEN fixture (without the scheme). */
    static String demoToken() {
        String header = (String) LambdaRuntime.eventFile("rest-token.json").get("authorizationToken");
        return header.substring("Bearer ".length());
    }

    static Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(LambdaRuntime.localEnvironment());
        env.put("AWS_REGION", "us-east-1"); // set by Lambda (and by sam local from its --region), never by the file
        env.putAll(overrides);
        return env;
    }

    static AuthorizerHandler handler(Map<String, String> overrides, RevocationCheck revocation, Captured log) {
        return new AuthorizerHandler(AuthorizerConfig.fromEnvironment(environment(overrides)), revocation, CLOCK, log);
    }

    /** A capturing log sink; every decision line must be a valid EMF document, whatever the test checks. */
    /** Thread-safe: the replay and hot-key tests decide on several threads at once. */
    static final class Captured implements LogSink {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void write(String line) {
            if (line.contains("\"authorizer.decision\"")) {
                EmfValidator.assertValid(line);
            }
            lines.add(line);
        }

        List<String> decisions() {
            return lines.stream().filter(l -> l.contains("\"authorizer.decision\"")).toList();
        }

        String last() {
            List<String> d = decisions();
            return d.get(d.size() - 1);
        }
    }
}
