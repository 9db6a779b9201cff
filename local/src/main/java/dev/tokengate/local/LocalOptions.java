package dev.tokengate.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * LOCAL ONLY. Command-line options of the local runner, plus the function settings a user may pass through from
 * the environment (for example {@code ROUTE_SCOPES} or {@code REVOCATION_MODE}) to try them locally.
 */
record LocalOptions(int port, Duration authorizerTtl, boolean flushAuthorizerCache, Path template,
                    Map<String, String> passThrough) {
    /** Settings a user may set in the environment to try the functions with them. */
    static final java.util.List<String> PASS_THROUGH = java.util.List.of("ROUTE_SCOPES", "REVOCATION_MODE",
            "CONSISTENT_READ", "REVOCATION_CACHE_SECONDS", "ADMIN_SCOPE", "CLOCK_SKEW_SECONDS",
            "MAX_TOKEN_LIFETIME_SECONDS", "AUDIT_RETENTION_DAYS", "HOT_TOKEN_THRESHOLD_PER_SECOND");

    LocalOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535");
        }
        if (authorizerTtl.isNegative() || authorizerTtl.compareTo(Duration.ofSeconds(3600)) > 0) {
            throw new IllegalArgumentException("--authorizer-ttl must be between 0 and 3600 seconds");
        }
        if (!Files.isRegularFile(template)) {
            throw new IllegalArgumentException(template + " not found: run from the repository root");
        }
        passThrough = Map.copyOf(passThrough);
    }

    /** Without the revocation API flushing the local authorizer cache (as the template's default). */
    LocalOptions(int port, Duration authorizerTtl, Path template, Map<String, String> passThrough) {
        this(port, authorizerTtl, false, template, passThrough);
    }

    /** The runner's options from its command line and the process environment: the one place it reads the latter. */
    static LocalOptions fromProcess(String[] args) {
        Map<String, String> environment = System.getenv();
        if (environment.get("AWS_ACCESS_KEY_ID") == null) {
            // The functions read credentials from the environment only; ./run-local sets local-only dummies.
            throw new IllegalArgumentException("start it with ./run-local, which sets local-only AWS credentials");
        }
        return parse(args, environment);
    }

    static LocalOptions parse(String[] args, Map<String, String> environment) {
        int port = 3000;
        long ttl = 0;
        boolean flush = false;
        Path template = Path.of("template.yaml");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--authorizer-ttl" -> ttl = Long.parseLong(require(args[i], value));
                case "--template" -> template = Path.of(require(args[i], value));
                case "--flush-authorizer-cache" -> {
                    flush = true;
                    i--; // a flag: no value follows
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --port N, --authorizer-ttl SECONDS, --flush-authorizer-cache, --template PATH)");
            }
            i++;
        }
        Map<String, String> pass = new HashMap<>();
        for (String name : PASS_THROUGH) {
            String v = environment.get(name);
            if (v != null && !v.isBlank()) {
                pass.put(name, v);
            }
        }
        return new LocalOptions(port, Duration.ofSeconds(ttl), flush, template, pass);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
