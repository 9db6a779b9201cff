package dev.tokengate.revoke.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.table.RevocationRace;
import dev.tokengate.revoke.testing.CapturingLog;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The flush coordination on a real DynamoDB API (moto): the leases are conditional writes that several containers
 * (here: several coordinators sharing one table) race for.
 */
@ExtendWith(MotoExtension.class)
class AuthorizerCacheFlushIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SETTLE = RevocationRace.FLUSH_SETTLE;

    private final CapturingLog log = new CapturingLog();
    private final FlushTarget rest = new FlushTarget(FlushTarget.Kind.REST, "abc", "prod");
    private final FlushTarget http = new FlushTarget(FlushTarget.Kind.HTTP, "def", "$default");
    private DynamoDbClient dynamo;
    private String table;

    /** One flush call as the stage saw it: which stage, and at what time of the calling container's clock. */
    record Call(FlushTarget target, Instant at) {
    }

    @BeforeEach
    void setUp(MotoServer moto) {
        dynamo = moto.dynamoDb();
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
    }

    /** A container: its own test clock, which its pauses move forward. */
    private AuthorizerCacheFlush container(MutableClock clock, List<Call> calls, FlushTarget... targets) {
        return new AuthorizerCacheFlush(List.of(targets), target -> calls.add(new Call(target, clock.instant())),
                new FlushLeases(dynamo, table), clock, advancing(clock), log);
    }

    /** A pause that moves the test clock to the moment instead of sleeping. */
    private static Pause advancing(MutableClock clock) {
        return moment -> {
            Duration left = Duration.between(clock.instant(), moment);
            if (!left.isNegative() && !left.isZero()) {
                clock.advance(left);
            }
        };
    }

    @Test
    void attemptsNothingWhenNoTargetsAreConfigured() {
        assertThat(AuthorizerCacheFlush.disabled().enabled()).isFalse();
        assertThat(AuthorizerCacheFlush.disabled().afterChange(T0)).isEqualTo(FlushStatus.NOT_CONFIGURED);
        assertThat(AuthorizerCacheFlush.disabled().unchanged()).isEqualTo(FlushStatus.NOT_CONFIGURED);
        assertThat(dynamo.scan(r -> r.tableName(table)).items()).isEmpty();
    }

    @Test
    void flushesEveryStageInOrderOnlyOnceTheChangeHasSettled() {
        MutableClock clock = new MutableClock(T0);
        List<Call> calls = new ArrayList<>();
        AuthorizerCacheFlush flush = container(clock, calls, rest, http);

        assertThat(flush.afterChange(T0)).isEqualTo(FlushStatus.FLUSHED);

        // an authorizer answer resting on a read from just before the write reaches the cache before this flush
        assertThat(calls).extracting(Call::target).containsExactly(rest, http);
        assertThat(calls).allSatisfy(call -> assertThat(call.at()).isAfterOrEqualTo(T0.plus(SETTLE)));
        assertThat(flush.unchanged()).isEqualTo(FlushStatus.NOT_NEEDED);
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void containersShareOneFlushPerStageAndIntervalAndTheLastChangeIsStillFlushed() {
        List<Call> calls = new ArrayList<>();
        MutableClock a = new MutableClock(T0);
        MutableClock b = new MutableClock(T0.plusMillis(500));
        MutableClock c = new MutableClock(T0.plusMillis(900));
        MutableClock d = new MutableClock(T0.plusMillis(1500));

        assertThat(container(a, calls, rest).afterChange(a.instant())).isEqualTo(FlushStatus.FLUSHED);
        // A flushed at 2.0 s, too early for a change at 0.5 s: B waits for the stage's next slot, 3.0 s
        assertThat(container(b, calls, rest).afterChange(b.instant())).isEqualTo(FlushStatus.FLUSHED);
        // B's flush at 3.0 s started after a change at 0.9 s had settled (2.9 s): nothing more to call
        assertThat(container(c, calls, rest).afterChange(c.instant())).isEqualTo(FlushStatus.COALESCED);
        // the last change (settled at 3.5 s) gets the trailing flush at the next slot, 4.0 s
        assertThat(container(d, calls, rest).afterChange(d.instant())).isEqualTo(FlushStatus.FLUSHED);

        assertThat(calls).extracting(Call::at)
                .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4));
    }

    @Test
    void aContainerWhoseLastLostClaimWentToACoveringFlushCoalescesInsteadOfFlushingOnItsOwn() {
        List<Call> calls = new ArrayList<>();
        // X changes at 2.0 s (due 4.0 s). While it waits for each slot, another container claims first: at 1.0 s and
        // 2.0 s (too early for X), then at 4.0 s, which covers X's change. X has lost three claims.
        MutableClock x = new MutableClock(T0.plusSeconds(2));
        Deque<AuthorizerCacheFlush> competitors = new ArrayDeque<>();
        List<MutableClock> competitorClocks = List.of(new MutableClock(T0.minusSeconds(1)), new MutableClock(T0),
                new MutableClock(T0.plusSeconds(2)));
        competitorClocks.forEach(clock -> competitors.add(container(clock, calls, rest)));
        Pause overtaken = moment -> {
            AuthorizerCacheFlush next = competitors.poll();
            if (next != null) {
                MutableClock clock = competitorClocks.get(2 - competitors.size());
                assertThat(next.afterChange(clock.instant())).isEqualTo(FlushStatus.FLUSHED);
            }
            advancing(x).until(moment);
        };
        AuthorizerCacheFlush flush = new AuthorizerCacheFlush(List.of(rest),
                target -> calls.add(new Call(target, x.instant())), new FlushLeases(dynamo, table), x, overtaken, log);

        assertThat(flush.afterChange(x.instant())).isEqualTo(FlushStatus.COALESCED);

        assertThat(calls).extracting(Call::at)
                .containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(4));
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void aBurstFromConcurrentContainersIsFlushedAtABoundedRateAndEveryChangeIsCovered() throws Exception {
        // Real time and real threads: 8 containers, each with two changes one after the other (a container serves
        // one request at a time), the first ones within 0.35 s.
        Clock clock = Clock.systemUTC();
        Map<FlushTarget, List<Instant>> starts = new ConcurrentHashMap<>();
        StageFlusher stage = target -> starts.computeIfAbsent(target, t -> new CopyOnWriteArrayList<>())
                .add(clock.instant());
        List<Instant> changes = new CopyOnWriteArrayList<>();
        List<FlushStatus> statuses = new CopyOnWriteArrayList<>();
        Map<String, List<Instant>> claims = new ConcurrentHashMap<>();
        DynamoDbClient atomic = oneRequestAtATime(dynamo, claims);
        ExecutorService containers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int container = 0; container < 8; container++) {
                AuthorizerCacheFlush flush = new AuthorizerCacheFlush(List.of(rest, http), stage,
                        new FlushLeases(atomic, table), clock, Pause.sleeping(clock), log);
                long offset = container * 50L;
                running.add(containers.submit(() -> {
                    sleep(offset);
                    for (int change = 0; change < 2; change++) {
                        Instant changedAt = clock.instant();
                        changes.add(changedAt);
                        statuses.add(flush.afterChange(changedAt));
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        } finally {
            containers.shutdownNow();
        }

        assertThat(log.lines()).isEmpty();
        assertThat(statuses).hasSize(16).doesNotContain(FlushStatus.FAILED, FlushStatus.NOT_CONFIGURED)
                .contains(FlushStatus.COALESCED);
        for (FlushTarget target : List.of(rest, http)) {
            List<Instant> flushes = starts.get(target).stream().sorted().toList();
            List<Instant> claimed = claims.get(target.toString()).stream().sorted().toList();
            // one flush call per claimed slot, and the slots at least the interval apart, whichever container won
            assertThat(flushes).hasSameSizeAs(claimed).hasSizeLessThan(changes.size() / 2);
            for (int i = 1; i < claimed.size(); i++) {
                assertThat(Duration.between(claimed.get(i - 1), claimed.get(i)))
                        .isGreaterThanOrEqualTo(AuthorizerCacheFlush.MIN_INTERVAL);
            }
            // every change is covered: some flush of this stage started once the change had settled
            for (Instant change : changes) {
                assertThat(flushes).anySatisfy(flushAt -> assertThat(flushAt)
                        .isAfterOrEqualTo(change.plus(SETTLE).minusMillis(5)));
            }
        }
    }

    @Test
    void aFlushThatFailedCoversNothingAndTheNextChangeFlushesAtTheNextSlot() {
        List<Call> calls = new ArrayList<>();
        MutableClock a = new MutableClock(T0);
        StageFlusher throttled = target -> {
            throw new IllegalStateException("throttled");
        };
        AuthorizerCacheFlush failing = new AuthorizerCacheFlush(List.of(rest), throttled, new FlushLeases(dynamo, table),
                a, advancing(a), log);
        assertThat(failing.afterChange(T0)).isEqualTo(FlushStatus.FAILED);
        assertThat(new FlushLeases(dynamo, table).last(rest))
                .contains(new FlushLeases.Lease(T0.plus(SETTLE), FlushLeases.State.FAILED));

        // B's change (at 0.0 s, due 2.0 s) would have counted on A's flush at 2.0 s; that flush never happened. B
        // flushes itself, at the stage's next slot (A's call, failed or not, was a call)
        MutableClock b = new MutableClock(T0);
        assertThat(container(b, calls, rest).afterChange(T0)).isEqualTo(FlushStatus.FLUSHED);
        assertThat(calls).extracting(Call::at).containsExactly(T0.plus(SETTLE).plus(AuthorizerCacheFlush.MIN_INTERVAL));
        assertThat(new FlushLeases(dynamo, table).last(rest)).contains(new FlushLeases.Lease(
                T0.plus(SETTLE).plus(AuthorizerCacheFlush.MIN_INTERVAL), FlushLeases.State.FLUSHED));
    }

    @Test
    void aCoveringFlushStillUnderWayIsWaitedForAndCountedOnlyOnceItSucceeded() {
        FlushLeases leases = new FlushLeases(dynamo, table);
        Instant earlier = T0.minusSeconds(10);
        assertThat(leases.claim(rest, Optional.empty(), earlier)).isTrue();
        leases.complete(rest, earlier);
        // another container claimed a flush at 2.5 s and is calling API Gateway
        Instant underWay = T0.plusMillis(2500);
        assertThat(leases.claim(rest, Optional.of(earlier), underWay)).isTrue();

        // it succeeds while this container waits for the next slot: the change is covered
        List<Call> calls = new ArrayList<>();
        MutableClock waiting = new MutableClock(T0);
        List<Instant> waitedUntil = new ArrayList<>();
        Pause finishing = moment -> {
            waitedUntil.add(moment);
            leases.complete(rest, underWay);
            advancing(waiting).until(moment);
        };
        AuthorizerCacheFlush coalescing = new AuthorizerCacheFlush(List.of(rest),
                target -> calls.add(new Call(target, waiting.instant())), leases, waiting, finishing, log);
        assertThat(coalescing.afterChange(T0)).isEqualTo(FlushStatus.COALESCED);
        assertThat(waitedUntil).containsExactly(T0.plus(AuthorizerCacheFlush.UNDER_WAY_POLL));
        assertThat(calls).isEmpty();

        // the next one fails while another change waits: that change claims the stage's next slot and flushes
        Instant failing = T0.plusMillis(4500);
        assertThat(leases.claim(rest, Optional.of(underWay), failing)).isTrue();
        MutableClock next = new MutableClock(T0.plusSeconds(2));
        Pause failed = moment -> {
            leases.fail(rest, failing);
            advancing(next).until(moment);
        };
        AuthorizerCacheFlush flushing = new AuthorizerCacheFlush(List.of(rest),
                target -> calls.add(new Call(target, next.instant())), leases, next, failed, log);
        assertThat(flushing.afterChange(next.instant())).isEqualTo(FlushStatus.FLUSHED);
        assertThat(calls).extracting(Call::at).containsExactly(failing.plus(AuthorizerCacheFlush.MIN_INTERVAL));
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void aCoveringFlushThatNeverFinishesIsWaitedForOnlySoLong() {
        FlushLeases leases = new FlushLeases(dynamo, table);
        // claimed at 2.5 s by a container that then died: never marked
        Instant abandoned = T0.plusMillis(2500);
        assertThat(leases.claim(rest, Optional.empty(), abandoned)).isTrue();
        List<Call> calls = new ArrayList<>();
        MutableClock clock = new MutableClock(T0);

        assertThat(container(clock, calls, rest).afterChange(T0)).isEqualTo(FlushStatus.FLUSHED);

        // waited for it until the request's own limit (due 2.0 s + 5 s: before the abandoned flush's own 7.5 s), then
        // took the stage's next slot, already open
        assertThat(calls).extracting(Call::at).containsExactly(T0.plus(SETTLE).plus(AuthorizerCacheFlush.UNDER_WAY_LIMIT));
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void aClockThatDoesNotMoveStillEndsTheWaitForAFlushUnderWay() {
        FlushLeases leases = new FlushLeases(dynamo, table);
        assertThat(leases.claim(rest, Optional.empty(), T0.plusMillis(2500))).isTrue(); // never marked
        List<Call> calls = new ArrayList<>();
        MutableClock frozen = new MutableClock(T0);
        List<Instant> pauses = new ArrayList<>();

        AuthorizerCacheFlush flush = new AuthorizerCacheFlush(List.of(rest),
                target -> calls.add(new Call(target, frozen.instant())), leases, frozen, pauses::add, log);

        assertThat(flush.afterChange(T0)).isEqualTo(FlushStatus.FLUSHED);
        assertThat(pauses).hasSizeLessThanOrEqualTo((int) AuthorizerCacheFlush.MAX_POLLS + 1);
        assertThat(calls).hasSize(1);
    }

    @Test
    void onlyTheClaimingContainerCanMarkItsFlush() {
        FlushLeases leases = new FlushLeases(dynamo, table);
        Instant first = T0;
        Instant second = T0.plusSeconds(1);
        assertThat(leases.claim(rest, Optional.empty(), first)).isTrue();
        assertThat(leases.claim(rest, Optional.of(first), second)).isTrue();

        // the first flush finishes (or fails) after the second was claimed: neither touches the second's lease
        leases.complete(rest, first);
        leases.fail(rest, first);
        assertThat(leases.last(rest)).contains(new FlushLeases.Lease(second, FlushLeases.State.UNDER_WAY));

        leases.complete(rest, second);
        assertThat(leases.last(rest)).contains(new FlushLeases.Lease(second, FlushLeases.State.FLUSHED));
        // a later claim is neither done nor failed just because the one before it was
        Instant third = T0.plusSeconds(2);
        assertThat(leases.claim(rest, Optional.of(second), third)).isTrue();
        assertThat(leases.last(rest)).contains(new FlushLeases.Lease(third, FlushLeases.State.UNDER_WAY));
        leases.fail(rest, third);
        assertThat(leases.last(rest)).contains(new FlushLeases.Lease(third, FlushLeases.State.FAILED));
        Instant fourth = T0.plusSeconds(3);
        assertThat(leases.claim(rest, Optional.of(third), fourth)).isTrue();
        assertThat(leases.last(rest)).contains(new FlushLeases.Lease(fourth, FlushLeases.State.UNDER_WAY));
    }

    @Test
    void withoutItsLeasesAStageIsStillFlushedLateEnough() {
        dynamo.deleteTable(r -> r.tableName(table));
        MutableClock clock = new MutableClock(T0);
        List<Call> calls = new ArrayList<>();

        assertThat(container(clock, calls, rest).afterChange(T0)).isEqualTo(FlushStatus.FLUSHED);

        assertThat(calls).extracting(Call::at).containsExactly(T0.plus(SETTLE));
        assertThat(log.last()).contains("authorizer_cache_flush_lease_unavailable", "rest:abc/prod",
                "ResourceNotFoundException");
    }

    @Test
    void aFailedStageIsReportedAndLoggedAndTheOthersAreStillFlushed() {
        MutableClock clock = new MutableClock(T0);
        List<FlushTarget> flushed = new ArrayList<>();
        StageFlusher flaky = target -> {
            if (target.kind() == FlushTarget.Kind.REST) {
                throw new IllegalStateException("throttled: secret detail");
            }
            flushed.add(target);
        };
        AuthorizerCacheFlush flush = new AuthorizerCacheFlush(List.of(rest, http), flaky,
                new FlushLeases(dynamo, table), clock, advancing(clock), log);

        assertThat(flush.afterChange(T0)).isEqualTo(FlushStatus.FAILED);
        assertThat(flushed).containsExactly(http);
        assertThat(log.last()).contains("\"level\":\"WARN\"", "rest:abc/prod", "IllegalStateException")
                .doesNotContain("secret detail");
    }

    /**
     * moto_server serves requests on threads without locking its tables, so two conditional writes that race can
     * both pass their condition; DynamoDB applies each request to an item atomically. Handing moto one request at a
     * time restores that guarantee (and nothing more) for the leases' two calls. It also notes each claim that
     * passed, by stage.
     */
    private static DynamoDbClient oneRequestAtATime(DynamoDbClient engine, Map<String, List<Instant>> claims) {
        Object lock = new Object();
        return new DynamoDbClient() {
            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                synchronized (lock) {
                    return engine.getItem(request);
                }
            }

            @Override
            public UpdateItemResponse updateItem(UpdateItemRequest request) {
                synchronized (lock) {
                    UpdateItemResponse response = engine.updateItem(request);
                    if (!request.updateExpression().startsWith("SET #started = :start")) {
                        return response; // marking a flush done, or handing it back
                    }
                    // a claim that passed its condition: note the stage and the start it recorded
                    String stage = request.key().get("PK").s().substring("FLUSH#".length());
                    long start = Long.parseLong(request.expressionAttributeValues().get(":start").n());
                    claims.computeIfAbsent(stage, s -> new CopyOnWriteArrayList<>()).add(Instant.ofEpochMilli(start));
                    return response;
                }
            }

            @Override
            public String serviceName() {
                return engine.serviceName();
            }

            @Override
            public void close() {
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
