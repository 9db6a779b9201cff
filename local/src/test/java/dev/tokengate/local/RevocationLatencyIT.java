package dev.tokengate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * DEPLOY.md's revocation-latency table, measured in the local runner with real clocks: for each layer, how long a
 * revoked token keeps working after the revocation API (or the identity provider's sign-out) answered. The caller
 * polls every {@link #STEP}; each measurement is the time from the answer to the first refused request, and each is
 * held to the bound the table states. The results go to {@code local/target/revocation-latency.md}.
 */
class RevocationLatencyIT extends LocalClient {
    private static final Duration STEP = Duration.ofMillis(25);
    private static final Duration GIVE_UP = Duration.ofSeconds(10);
    private static final List<String> ROWS = new ArrayList<>();

    /** One measurement: how long the token still passed after the answer, and how long the answer took. */
    record Measured(Duration stillAllowed, Duration answerTook, int allowedAfterAnswer) {
    }

    @AfterAll
    static void writeTable() throws IOException {
        // the tests run from the repository root (template.yaml); the table goes to this module's build directory
        Path out = Path.of("local", "target", "revocation-latency.md");
        Files.createDirectories(out.getParent());
        List<String> lines = new ArrayList<>(List.of(
                "| setting | revocation answered in | still allowed after the answer | requests allowed after it |",
                "|---|---:|---:|---:|"));
        lines.addAll(ROWS);
        Files.write(out, lines);
        lines.forEach(System.out::println);
    }

    private static LocalOptions options(long ttlSeconds, boolean flush, Map<String, String> settings) {
        return new LocalOptions(0, Duration.ofSeconds(ttlSeconds), flush, Path.of("template.yaml"), settings);
    }

    /** Revokes {@code token} (the way {@code revoke} does), then polls until it is refused. */
    private Measured measure(LocalSystem system, String token, Revoker revoke) throws Exception {
        return measure(system, token, revoke, STEP);
    }

    private Measured measure(LocalSystem system, String token, Revoker revoke, Duration step) throws Exception {
        long asked = System.nanoTime();
        revoke.revoke();
        long answered = System.nanoTime();
        int allowed = 0;
        while (System.nanoTime() - answered < GIVE_UP.toNanos()) {
            long sent = System.nanoTime();
            int status = call(system, "GET", "/hello", token, null).status();
            if (status == 401) {
                Duration still = allowed == 0 ? Duration.ZERO : Duration.ofNanos(sent - answered);
                return new Measured(still, Duration.ofNanos(answered - asked), allowed);
            }
            assertThat(status).isEqualTo(200);
            allowed++;
            Thread.sleep(step.toMillis());
        }
        throw new AssertionError("still allowed " + GIVE_UP + " after the revocation");
    }

    @FunctionalInterface
    interface Revoker {
        void revoke() throws Exception;
    }

    private Revoker presenting(LocalSystem system, String token) {
        return () -> assertThat(call(system, "POST", "/revocations", token,
                JSON.writeValueAsString(Map.of("token", token))).status()).isEqualTo(200);
    }

    private static void row(String setting, Measured measured) {
        ROWS.add("| " + setting + " | " + measured.answerTook().toMillis() + " ms | "
                + measured.stillAllowed().toMillis() + " ms | " + measured.allowedAfterAnswer() + " |");
    }

    @Test
    void defaultsRefuseTheFirstRequestAfterTheAnswer() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0, false, Map.of()), Clock.systemUTC())) {
            String token = mint(system, "lat-default", "orders:read", 0);
            assertThat(call(system, "GET", "/hello", token, null).status()).isEqualTo(200);

            Measured measured = measure(system, token, presenting(system, token));

            row("defaults (consistent reads, no caches)", measured);
            assertThat(measured.allowedAfterAnswer()).isZero();
        }
    }

    @Test
    void theInContainerCacheAddsUpToItsSeconds() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0, false, Map.of("REVOCATION_CACHE_SECONDS", "2")),
                Clock.systemUTC())) {
            String token = mint(system, "lat-cache", "orders:read", 0);
            long cachedAt = System.nanoTime();
            assertThat(call(system, "GET", "/hello", token, null).status()).isEqualTo(200);

            // 4 requests a second: a token no hotter than that is read on every decision (see the hot-token row)
            Duration step = Duration.ofMillis(250);
            Measured measured = measure(system, token, presenting(system, token), step);

            row("`RevocationCacheSeconds` = 2", measured);
            assertThat(measured.allowedAfterAnswer()).isPositive();
            // refused once the "not revoked" it remembered is 2 s old, not before
            assertThat(Duration.ofNanos(System.nanoTime() - cachedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(measured.stillAllowed()).isLessThanOrEqualTo(Duration.ofSeconds(2).plus(step));
        }
    }

    @Test
    void theAuthorizerResultTtlAddsUpToItsSeconds() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(3, false, Map.of()), Clock.systemUTC())) {
            String token = mint(system, "lat-ttl", "orders:read", 0);
            assertThat(call(system, "GET", "/hello", token, null).status()).isEqualTo(200);

            Measured measured = measure(system, token, presenting(system, token));

            row("authorizer result TTL = 3 s, no flush", measured);
            assertThat(measured.allowedAfterAnswer()).isPositive();
            assertThat(measured.stillAllowed()).isLessThanOrEqualTo(Duration.ofSeconds(3).plus(STEP.multipliedBy(4)));
        }
    }

    @Test
    void aFlushedStageRefusesTheFirstRequestAfterTheAnswer() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(3, true, Map.of()), Clock.systemUTC())) {
            String token = mint(system, "lat-flush", "orders:read", 0);
            assertThat(call(system, "GET", "/hello", token, null).status()).isEqualTo(200);

            Measured measured = measure(system, token, presenting(system, token));

            row("authorizer result TTL = 3 s, `AuthorizerCacheFlushTargets` naming the stage", measured);
            assertThat(measured.allowedAfterAnswer()).isZero();
            // the flush waited for the write to settle before it ran, and the answer after it
            assertThat(measured.answerTook()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void aHotTokenIsRefusedWithinASecondOfTheAnswer() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0, false, Map.of()), Clock.systemUTC())) {
            String token = mint(system, "lat-hot", "orders:read", 0);
            for (int i = 0; i < 12; i++) { // more than 5 decisions within a second: the shield holds its answers
                assertThat(call(system, "GET", "/hello", token, null).status()).isEqualTo(200);
            }

            Measured measured = measure(system, token, presenting(system, token));

            row("a hot token (over 5 decisions/s in one container; the shield's default)", measured);
            assertThat(measured.stillAllowed()).isLessThan(Duration.ofSeconds(1).plus(STEP.multipliedBy(2)));
        }
    }

    @Test
    void aSignOutTheIdentityProviderPushesIsRefusedOnTheNextRequest() throws Exception {
        try (LocalSystem system = LocalSystem.start(options(0, false, Map.of()), Clock.systemUTC())) {
            String token = mint(system, "lat-idp", "orders:read", 0);
            assertThat(call(system, "GET", "/hello", token, null).status()).isEqualTo(200);

            Measured measured = measure(system, token, () -> assertThat(call(system, "POST", "/dev/logout", null,
                    "{\"sub\":\"lat-idp\"}").status()).isEqualTo(200));

            row("back-channel logout (the receiver's answer; delivery not included)", measured);
            assertThat(measured.allowedAfterAnswer()).isZero();
        }
    }
}
