package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.binding.HttpTarget;
import dev.tokengate.authorizer.config.PublicBaseUrls;
import dev.tokengate.authorizer.route.ApiArn;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The public URL a DPoP client signs ({@code htu}), rebuilt from fields API Gateway fills in, never from a client
 * header: {@code https://} + {@code requestContext.domainName} + the request path as the client sent it (REST:
 * {@code requestContext.path}, which keeps the stage on the execute-api host and the base path on a custom domain;
 * HTTP API: {@code rawPath}). For an API stage listed in {@code PUBLIC_BASE_URLS} (clients behind CloudFront or
 * another proxy, or a custom domain whose event path is not what the client sees), the configured base URL followed
 * by the API's own resource path from the ARN.
 */
final class TargetUrls {
    private final PublicBaseUrls publicBaseUrls;

    TargetUrls(PublicBaseUrls publicBaseUrls) {
        this.publicBaseUrls = Objects.requireNonNull(publicBaseUrls, "publicBaseUrls");
    }

    /** Empty when the event does not say enough; a DPoP proof can then not be checked and is refused. */
    Optional<HttpTarget> resolve(Optional<ApiArn> route, Object method, Object domainName, Object path) {
        if (!(method instanceof String verb) || verb.isEmpty()) {
            return Optional.empty();
        }
        Optional<URI> base = route.flatMap(arn -> publicBaseUrls.forStage(arn.apiId(), arn.stage()));
        if (base.isPresent()) {
            return HttpTarget.of(verb, base.get().toString(), route.get().path());
        }
        if (!(domainName instanceof String host) || host.isEmpty() || !(path instanceof String p)) {
            return Optional.empty();
        }
        return HttpTarget.of(verb, "https://" + host, p);
    }
}
