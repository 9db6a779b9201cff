package dev.tokengate.revoke.testing;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Configuration, keys and a fixed clock shared by this module's tests. Keys are fresh per fixture. */
public final class Fixture {
    public static final String ISSUER = "https://issuer.example.com/";
    public static final String AUDIENCE = "orders-api";
    /** 2026-01-01T00:00:00Z: the sample events' exp values are relative to it. */
    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    public final RSAKey key = TestKeys.rsa("test-key-1");
    public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    public Map<String, String> environment(String table) {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_TABLE", table);
        env.put("AWS_REGION", "us-east-1");
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWKS", TestKeys.publicJson(key));
        env.put("CLOCK_SKEW_SECONDS", "30");
        return env;
    }

    public RevokeConfig config(String table) {
        return RevokeConfig.fromEnvironment(environment(table));
    }

    public RevokeConfig config(String table, Map<String, String> overrides) {
        Map<String, String> env = environment(table);
        env.putAll(overrides);
        return RevokeConfig.fromEnvironment(env);
    }

    /** A valid token for {@code sub}, issued at {@link #NOW}, expiring an hour later. */
    public TestTokens token(String sub, String jti) {
        return TestTokens.valid(ISSUER, AUDIENCE, NOW).subject(sub).tokenId(jti);
    }
}
