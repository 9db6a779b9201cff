package dev.tokengate.revoke.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.revoke.testing.CapturingLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerCacheFlushTest {
    private final CapturingLog log = new CapturingLog();
    private final List<FlushTarget> flushed = new ArrayList<>();
    private final FlushTarget rest = new FlushTarget(FlushTarget.Kind.REST, "abc", "prod");
    private final FlushTarget http = new FlushTarget(FlushTarget.Kind.HTTP, "def", "$default");

    @Test
    void attemptsNothingWhenNoTargetsAreConfigured() {
        AuthorizerCacheFlush flush = new AuthorizerCacheFlush(List.of(), flushed::add, log);

        assertThat(flush.enabled()).isFalse();
        assertThat(flush.flushAll()).isEqualTo(FlushStatus.NOT_CONFIGURED);
        assertThat(flushed).isEmpty();
        assertThat(AuthorizerCacheFlush.disabled().flushAll()).isEqualTo(FlushStatus.NOT_CONFIGURED);
    }

    @Test
    void flushesEveryConfiguredTargetInOrder() {
        AuthorizerCacheFlush flush = new AuthorizerCacheFlush(List.of(rest, http), flushed::add, log);

        assertThat(flush.flushAll()).isEqualTo(FlushStatus.FLUSHED);
        assertThat(flushed).containsExactly(rest, http);
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void oneFailureIsReportedAndLoggedButTheOthersAreStillFlushed() {
        StageFlusher flaky = target -> {
            if (target.kind() == FlushTarget.Kind.REST) {
                throw new IllegalStateException("throttled: secret detail");
            }
            flushed.add(target);
        };
        AuthorizerCacheFlush flush = new AuthorizerCacheFlush(List.of(rest, http), flaky, log);

        assertThat(flush.flushAll()).isEqualTo(FlushStatus.FAILED);
        assertThat(flushed).containsExactly(http);
        assertThat(log.last()).contains("\"level\":\"WARN\"", "rest:abc/prod", "IllegalStateException")
                .doesNotContain("secret detail");
    }
}
