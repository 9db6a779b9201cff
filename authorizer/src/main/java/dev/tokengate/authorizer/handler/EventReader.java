package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.binding.SenderEvidence;
import dev.tokengate.authorizer.route.ApiArn;
import dev.tokengate.core.token.DenyReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads each event shape into an {@link AuthorizerRequest}: one method per shape. Everything here tolerates any
 * JSON the runtime may hand over (missing fields, wrong types): it never throws, it reports.
 *
 * <p>What proves possession of a bound token is read from fields API Gateway fills in: the {@code DPoP} header
 * values, the method and public URL (REST: {@code requestContext.domainName} and {@code requestContext.path}; HTTP
 * API: {@code requestContext.domainName} and {@code rawPath}; or the configured public base URL and the ARN's path,
 * see {@link TargetUrls}), and the mutual-TLS client certificate (REST: {@code requestContext.identity.clientCert};
 * HTTP API: {@code requestContext.authentication.clientCert}). The Java event classes drop the certificate, which is
 * one reason the event is read as a map.
 */
final class EventReader {
    private static final String AUTHORIZATION = "Authorization";
    private static final String DPOP = "DPoP";

    private EventReader() {
    }

    static AuthorizerRequest read(EventShape shape, Map<String, Object> event, int maxTokenChars, TargetUrls urls) {
        return switch (shape) {
            case REST_TOKEN -> restToken(event, maxTokenChars);
            case REST_REQUEST -> restRequest(event, maxTokenChars, urls);
            case HTTP_API_V2 -> httpApi(event, maxTokenChars, urls);
            case UNKNOWN -> new AuthorizerRequest(shape, Optional.empty(),
                    BearerToken.Extraction.refused(DenyReason.UNKNOWN_EVENT_SHAPE, "event of no known shape"),
                    SenderEvidence.invisible(SenderEvidence.Scheme.BEARER));
        };
    }

    /**
     * {@code authorizationToken} holds the identity source's value, i.e. the whole Authorization header, and nothing
     * else of the request: no DPoP proof, no certificate.
     */
    static AuthorizerRequest restToken(Map<String, Object> event, int maxTokenChars) {
        BearerToken.Extraction token = BearerToken.fromHeaderValue(event.get("authorizationToken"), maxTokenChars);
        return new AuthorizerRequest(EventShape.REST_TOKEN, ApiArn.parse(event.get("methodArn")), token,
                SenderEvidence.invisible(schemeOf(token)));
    }

    /**
     * REST REQUEST events carry {@code headers} (last value per name) and {@code multiValueHeaders} (every value).
     * Every occurrence in either counts, so a second Authorization (or DPoP) header cannot hide behind the first.
     */
    static AuthorizerRequest restRequest(Map<String, Object> event, int maxTokenChars, TargetUrls urls) {
        Optional<ApiArn> route = ApiArn.parse(event.get("methodArn"));
        BearerToken.Extraction token = BearerToken.fromHeaderValues(restHeaderValues(event, AUTHORIZATION),
                maxTokenChars);
        Map<?, ?> context = map(event.get("requestContext"));
        Object method = event.get("httpMethod") != null ? event.get("httpMethod") : context.get("httpMethod");
        SenderEvidence evidence = new SenderEvidence(schemeOf(token), true, strings(restHeaderValues(event, DPOP)),
                urls.resolve(route, method, context.get("domainName"), context.get("path")),
                certificate(map(context.get("identity"))));
        return new AuthorizerRequest(EventShape.REST_REQUEST, route, token, evidence);
    }

    /** HTTP API 2.0 lower-cases header names and joins repeated headers with commas. */
    static AuthorizerRequest httpApi(Map<String, Object> event, int maxTokenChars, TargetUrls urls) {
        Optional<ApiArn> route = ApiArn.parse(event.get("routeArn"));
        BearerToken.Extraction token = BearerToken.fromHeaderValues(valuesNamed(event.get("headers"), AUTHORIZATION),
                maxTokenChars);
        Map<?, ?> context = map(event.get("requestContext"));
        SenderEvidence evidence = new SenderEvidence(schemeOf(token), true,
                strings(valuesNamed(event.get("headers"), DPOP)),
                urls.resolve(route, map(context.get("http")).get("method"), context.get("domainName"),
                        event.get("rawPath")),
                certificate(map(context.get("authentication"))));
        return new AuthorizerRequest(EventShape.HTTP_API_V2, route, token, evidence);
    }

    private static List<Object> restHeaderValues(Map<String, Object> event, String header) {
        List<Object> single = valuesNamed(event.get("headers"), header);
        List<Object> multi = new ArrayList<>();
        if (event.get("multiValueHeaders") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> entry : headers.entrySet()) {
                if (entry.getKey() instanceof String name && name.equalsIgnoreCase(header)) {
                    if (entry.getValue() instanceof List<?> list) {
                        multi.addAll(list);
                    } else if (entry.getValue() != null) {
                        multi.add(entry.getValue());
                    }
                }
            }
        }
        if (multi.isEmpty()) {
            return single;
        }
        if (single.isEmpty() || (single.size() == 1 && multi.contains(single.get(0)))) {
            return multi;
        }
        // headers and multiValueHeaders disagree: not something API Gateway sends; refuse as several values.
        List<Object> values = new ArrayList<>(multi);
        values.addAll(single);
        return values;
    }

    private static List<Object> valuesNamed(Object headers, String header) {
        List<Object> values = new ArrayList<>(1);
        if (headers instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() instanceof String name && name.equalsIgnoreCase(header)) {
                    values.add(entry.getValue());
                }
            }
        }
        return values;
    }

    /** Header values as strings; one that is not a string cannot be a proof and is kept as an unusable value. */
    private static List<String> strings(List<Object> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object value : values) {
            out.add(value instanceof String s ? s : "");
        }
        return out;
    }

    /** {@code clientCert.clientCertPem} under the given object, when the API uses mutual TLS. */
    private static Optional<String> certificate(Map<?, ?> holder) {
        return map(holder.get("clientCert")).get("clientCertPem") instanceof String pem && !pem.isBlank()
                ? Optional.of(pem) : Optional.empty();
    }

    private static SenderEvidence.Scheme schemeOf(BearerToken.Extraction token) {
        return token.scheme() == null ? SenderEvidence.Scheme.BEARER : token.scheme();
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }
}
