package dev.tokengate.revoke.api;

import com.amazonaws.serverless.proxy.RequestReader;
import com.amazonaws.services.lambda.runtime.Context;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.core.metrics.EmfWriter;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.RevocationSource;
import dev.tokengate.revoke.cache.FlushStatus;
import dev.tokengate.revoke.metrics.RequestMetrics;
import dev.tokengate.revoke.metrics.RevocationResult;
import dev.tokengate.revoke.revocation.Caller;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * One structured line per request, whatever answered it (a resource, a refusal, Jersey's own 404/405): route,
 * caller, target, outcome, reason, status. Ids are shortened; tokens and bodies are never logged. The line is also
 * the request's one EMF document ({@link RequestMetrics}).
 */
final class RequestLogFilter implements ContainerResponseFilter {
    /** Metric dimension value when the runtime gives no function name (local runs, tests). */
    static final String DEFAULT_FUNCTION_NAME = "RevokeApiFunction";
    private static final int MAX_ID_CHARS = 128;

    private final LogSink log;
    private final EmfWriter metrics;
    private final Clock clock;

    RequestLogFilter(LogSink log, EmfWriter metrics, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if ("OPTIONS".equals(request.getMethod()) && !response.hasEntity() && response.getStatus() == 200) {
            // Jersey answers OPTIONS itself with an empty body; every response of this API is JSON
            String allow = response.getHeaderString(HttpHeaders.ALLOW);
            response.setEntity(("{\"allow\":" + JsonLine.quoted(allow == null ? "" : allow) + "}")
                    .getBytes(StandardCharsets.UTF_8), null, MediaType.APPLICATION_JSON_TYPE);
            response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        }
        int status = response.getStatus();
        String caller = request.getProperty(RequestFacts.CALLER) instanceof Caller c ? c.sub()
                : CallerFilter.callerOf(request).map(Caller::sub).orElse(null);
        String outcome = Optional.ofNullable(RequestFacts.get(request, RequestFacts.OUTCOME))
                .orElseGet(() -> outcomeOf(status));
        JsonLine line = (status >= 500 ? JsonLine.error("revoke_request") : JsonLine.info("revoke_request"))
                .with("route", Optional.ofNullable(RequestFacts.get(request, RequestFacts.ROUTE)).orElse("UNMATCHED"))
                .with("method", request.getMethod())
                .with("callerSub", shorten(caller))
                .with("targetSub", shorten(RequestFacts.get(request, RequestFacts.TARGET_SUB)))
                .with("targetJti", shorten(RequestFacts.get(request, RequestFacts.TARGET_JTI)))
                .with("outcome", outcome)
                .with("reason", RequestFacts.get(request, RequestFacts.REASON))
                .with("detail", RequestFacts.get(request, RequestFacts.DETAIL))
                .with("status", status);
        log.write(metrics.appendTo(line, metricsOf(request, status).emf(functionName(request)), clock.instant()));
    }

    private static RequestMetrics metricsOf(ContainerRequestContext request, int status) {
        return new RequestMetrics(status,
                Optional.ofNullable(RequestFacts.get(request, RequestFacts.KIND)).map(RevocationKind::valueOf),
                Optional.ofNullable(RequestFacts.get(request, RequestFacts.RESULT)).map(RevocationResult::valueOf),
                Optional.ofNullable(RequestFacts.get(request, RequestFacts.FLUSH)).map(FlushStatus::valueOf),
                Optional.ofNullable(RequestFacts.get(request, RequestFacts.SOURCE)).flatMap(RevocationSource::named));
    }

    private static String functionName(ContainerRequestContext request) {
        return request.getProperty(RequestReader.LAMBDA_CONTEXT_PROPERTY) instanceof Context context
                && context.getFunctionName() != null && !context.getFunctionName().isBlank()
                ? context.getFunctionName() : DEFAULT_FUNCTION_NAME;
    }

    private static String outcomeOf(int status) {
        return switch (status) {
            case 400 -> "INVALID_REQUEST";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "ERROR" : "HTTP_" + status;
        };
    }

    private static String shorten(String id) {
        if (id == null || id.length() <= MAX_ID_CHARS) {
            return id;
        }
        return id.substring(0, MAX_ID_CHARS) + "...";
    }
}
