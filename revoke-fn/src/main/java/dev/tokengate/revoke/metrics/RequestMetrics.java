package dev.tokengate.revoke.metrics;

import dev.tokengate.core.metrics.EmfDocument;
import dev.tokengate.core.metrics.Metric;
import dev.tokengate.core.metrics.MetricCatalog;
import dev.tokengate.core.metrics.MetricDirective;
import dev.tokengate.core.metrics.MetricUnit;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.revoke.cache.FlushStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metrics of one revocation API request, published in its request line. Dimensions are enum names only.
 *
 * <ul>
 *   <li>{@code Requests}, {@code ClientErrors} (4xx), {@code ServerErrors} (5xx: nothing was confirmed) by
 *       {@code Function};</li>
 *   <li>{@code Revocations} by {@code Function, Kind, Result} on the three revocation routes ({@code Kind}: TOKEN,
 *       FAMILY, USER; {@code Result}: a {@link RevocationResult}; not "Outcome", which the line already has in
 *       lower case with the domain's own words);</li>
 *   <li>{@code IdpRevocations} by {@code Function, Source, Result} on the identity provider's routes ({@code Source}:
 *       BACKCHANNEL_LOGOUT, GLOBAL_TOKEN_REVOCATION; {@code Result}: WRITTEN when it revoked something new,
 *       ALREADY_REVOKED when everything it names already was, FORBIDDEN, INVALID, UNAVAILABLE);</li>
 *   <li>{@code CacheFlushes} by {@code Function, Flush} when the revocation flushed authorizer caches ({@code Flush}:
 *       a {@link FlushStatus} other than NOT_CONFIGURED).</li>
 * </ul>
 *
 * @param status the HTTP status answered
 */
public record RequestMetrics(int status, Optional<RevocationKind> kind, Optional<RevocationResult> result,
                             Optional<FlushStatus> flush, Optional<RevocationSource> source) {
    public static final String REQUESTS = "Requests";
    public static final String CLIENT_ERRORS = "ClientErrors";
    public static final String SERVER_ERRORS = "ServerErrors";
    public static final String REVOCATIONS = "Revocations";
    public static final String CACHE_FLUSHES = "CacheFlushes";
    public static final String IDP_REVOCATIONS = "IdpRevocations";
    public static final String SOURCE = "Source";
    /** The channels the revocation API receives identity-provider revocations on (Cognito's have their own function). */
    static final List<RevocationSource> RECEIVED_SOURCES = List.of(RevocationSource.BACKCHANNEL_LOGOUT,
            RevocationSource.GLOBAL_TOKEN_REVOCATION);
    public static final String KIND = "Kind";
    public static final String RESULT = "Result";
    public static final String FLUSH = "Flush";

    static final List<List<String>> FUNCTION_ONLY = List.of(List.of(EmfDocument.FUNCTION));
    static final List<List<String>> BY_KIND_AND_OUTCOME = List.of(List.of(EmfDocument.FUNCTION, KIND, RESULT));
    static final List<List<String>> BY_FLUSH = List.of(List.of(EmfDocument.FUNCTION, FLUSH));
    static final List<List<String>> BY_SOURCE_AND_RESULT = List.of(List.of(EmfDocument.FUNCTION, SOURCE, RESULT));

    public RequestMetrics {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        flush = Objects.requireNonNull(flush, "flush").filter(f -> f != FlushStatus.NOT_CONFIGURED);
        source = Objects.requireNonNull(source, "source").filter(RECEIVED_SOURCES::contains);
    }

    /** A request on the revocation routes (or none), without an identity-provider channel. */
    public RequestMetrics(int status, Optional<RevocationKind> kind, Optional<RevocationResult> result,
                          Optional<FlushStatus> flush) {
        this(status, kind, result, flush, Optional.empty());
    }

    public EmfDocument emf(String function) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(EmfDocument.FUNCTION, function);
        List<MetricDirective> directives = new ArrayList<>(3);
        directives.add(new MetricDirective(FUNCTION_ONLY, List.of(Metric.count(REQUESTS, 1),
                Metric.count(CLIENT_ERRORS, status >= 400 && status < 500 ? 1 : 0),
                Metric.count(SERVER_ERRORS, status >= 500 ? 1 : 0))));
        if (source.isPresent() && result.isPresent()) {
            dimensions.put(SOURCE, source.get().name());
            dimensions.put(RESULT, result.get().name());
            directives.add(new MetricDirective(BY_SOURCE_AND_RESULT, List.of(Metric.count(IDP_REVOCATIONS, 1))));
        } else if (kind.isPresent() && result.isPresent()) {
            dimensions.put(KIND, kind.get().name());
            dimensions.put(RESULT, result.get().name());
            directives.add(new MetricDirective(BY_KIND_AND_OUTCOME, List.of(Metric.count(REVOCATIONS, 1))));
        }
        flush.ifPresent(f -> {
            dimensions.put(FLUSH, f.name());
            directives.add(new MetricDirective(BY_FLUSH, List.of(Metric.count(CACHE_FLUSHES, 1))));
        });
        return new EmfDocument(dimensions, directives);
    }

    /** Every metric the revocation API publishes: what alarms and the dashboard may refer to. */
    public static MetricCatalog catalog() {
        return new MetricCatalog(Map.of(
                KIND, names(RevocationKind.values()),
                RESULT, names(RevocationResult.values()),
                SOURCE, RECEIVED_SOURCES.stream().map(Enum::name).toList(),
                FLUSH, names(FlushStatus.values()).stream().filter(f -> !f.equals(FlushStatus.NOT_CONFIGURED.name()))
                        .toList()),
                List.of(new MetricCatalog.Entry(REQUESTS, MetricUnit.COUNT, FUNCTION_ONLY),
                        new MetricCatalog.Entry(CLIENT_ERRORS, MetricUnit.COUNT, FUNCTION_ONLY),
                        new MetricCatalog.Entry(SERVER_ERRORS, MetricUnit.COUNT, FUNCTION_ONLY),
                        new MetricCatalog.Entry(REVOCATIONS, MetricUnit.COUNT, BY_KIND_AND_OUTCOME),
                        new MetricCatalog.Entry(CACHE_FLUSHES, MetricUnit.COUNT, BY_FLUSH),
                        new MetricCatalog.Entry(IDP_REVOCATIONS, MetricUnit.COUNT, BY_SOURCE_AND_RESULT)));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
