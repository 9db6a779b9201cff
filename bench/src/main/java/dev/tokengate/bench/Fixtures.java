package dev.tokengate.bench;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys and tokens every benchmark (Java and the Node peer) verifies. Written once per bench run by
 * {@link #main} to a JSON file that the JMH forks (through {@code TOKENGATE_BENCH_FIXTURES}), the cold-start driver
 * and the Node script all read, so every side verifies the very same bytes. Without the variable a fork makes its
 * own set (handy from an IDE).
 */
public record Fixtures(String issuer, String audience, String jwks, String rs256Token, String es256Token,
                       String rs256Jwk, String es256Jwk) {
    public static final String ENV = "TOKENGATE_BENCH_FIXTURES";
    public static final String ISSUER = "https://issuer.bench.tokengate.dev/";
    public static final String AUDIENCE = "tokengate-bench";

    /** Writes a fresh fixture file: {@code java -cp benchmarks.jar dev.tokengate.bench.Fixtures <path>}. */
    public static void main(String[] args) throws IOException, ParseException {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/target/fixtures.json");
        Fixtures f = generate(Instant.now());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", f.issuer);
        json.put("audience", f.audience);
        json.put("jwks", JSONObjectUtils.parse(f.jwks));
        json.put("RS256", f.rs256Token);
        json.put("ES256", f.es256Token);
        // private keys: only so a later run could mint more tokens from the same set; they sign nothing real
        json.put("rs256Jwk", f.rs256Jwk);
        json.put("es256Jwk", f.es256Jwk);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, JSONObjectUtils.toJSONString(json), StandardCharsets.UTF_8);
        System.out.println("fixtures written to " + out.toAbsolutePath());
    }

    public static Fixtures load() {
        String path = System.getenv(ENV);
        if (path == null || path.isBlank()) {
            return generate(Instant.now());
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(Files.readString(Path.of(path)));
            return new Fixtures((String) json.get("issuer"), (String) json.get("audience"),
                    JSONObjectUtils.toJSONString(JSONObjectUtils.getJSONObject(json, "jwks")),
                    (String) json.get("RS256"), (String) json.get("ES256"),
                    (String) json.get("rs256Jwk"), (String) json.get("es256Jwk"));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read fixtures from " + path, e);
        }
    }

    static Fixtures generate(Instant now) {
        RSAKey rsa = TestKeys.rsa("bench-rs256");
        ECKey ec = TestKeys.ec("bench-es256");
        // The longest lifetime the validator admits by default (exp - iat > MAX_TOKEN_LIFETIME_SECONDS is refused):
        // a day, so a bench run, the Node peer and the cold-start runs that read the same file never race the expiry.
        Instant exp = now.plus(IssuerProfile.DEFAULT_MAX_TOKEN_LIFETIME);
        String rs = TestTokens.valid(ISSUER, AUDIENCE, now).expiresAt(exp).subject("user-bench")
                .scope("orders:read orders:write").claim("client_id", "bench-client").sign(rsa);
        String es = TestTokens.valid(ISSUER, AUDIENCE, now).expiresAt(exp).subject("user-bench")
                .scope("orders:read orders:write").claim("client_id", "bench-client").sign(ec);
        return new Fixtures(ISSUER, AUDIENCE, TestKeys.publicJson(rsa, ec), rs, es, rsa.toJSONString(),
                ec.toJSONString());
    }

    public String token(String alg) {
        return switch (alg) {
            case "RS256" -> rs256Token;
            case "ES256" -> es256Token;
            default -> throw new IllegalArgumentException(alg);
        };
    }

    /**
     * {@code count} tokens that differ from {@link #token} only in their {@code jti} (same length), signed with the
     * fixtures' key: tokens the authorizer has never seen, for the new-token benchmarks.
     */
    public List<String> freshTokens(String alg, int count) {
        try {
            JWK key = JWK.parse("RS256".equals(alg) ? rs256Jwk : es256Jwk);
            Map<String, Object> claims = SignedJWT.parse(token(alg)).getJWTClaimsSet().toJSONObject();
            List<String> tokens = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                TestTokens fresh = TestTokens.valid(issuer, audience, Instant.EPOCH);
                claims.forEach(fresh::claim);
                // 36 characters, like the fixture's UUID
                tokens.add(fresh.tokenId(String.format("bench-%08d-0000-4000-8000-%08d", i, i)).sign(key));
            }
            return tokens;
        } catch (ParseException e) {
            throw new IllegalStateException("the fixtures' keys or tokens do not parse", e);
        }
    }

    public JWK publicJwk(String alg) {
        try {
            return JWKSet.parse(jwks).getKeyByKeyId("RS256".equals(alg) ? "bench-rs256" : "bench-es256");
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The authorizer's environment trusting the fixtures' issuer among {@code profiles} issuer profiles
     * ({@code TRUSTED_ISSUERS}); the others are real profiles with their own keys, so selecting the fixtures' issuer
     * is what a multi-issuer deployment does per decision.
     */
    public Map<String, String> environment(String table, int profiles) {
        if (profiles == 1) {
            return environment(table);
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 1; i < profiles; i++) {
            json.append("{\"id\":\"other-").append(i).append("\",\"issuer\":\"https://other-").append(i)
                    .append(".bench.tokengate.dev/\",\"audiences\":[\"").append(audience).append("\"],\"jwks\":")
                    .append(TestKeys.publicJson(TestKeys.ec("other-" + i))).append("},");
        }
        json.append("{\"id\":\"bench\",\"issuer\":\"").append(issuer).append("\",\"audiences\":[\"")
                .append(audience).append("\"],\"jwks\":").append(jwks).append("}]");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TOKEN_TABLE", table);
        env.put(JwtConfig.TRUSTED_ISSUERS, json.toString());
        return env;
    }

    /** The authorizer's environment for these fixtures (inline JWKS: no network in the validation benchmarks). */
    public Map<String, String> environment(String table) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TOKEN_TABLE", table);
        env.put(JwtConfig.JWT_ISSUER, issuer);
        env.put(JwtConfig.JWT_AUDIENCE, audience);
        env.put(JwtConfig.JWKS, jwks);
        env.put(JwtConfig.JWT_ALGORITHMS, "RS256,ES256");
        return env;
    }
}
