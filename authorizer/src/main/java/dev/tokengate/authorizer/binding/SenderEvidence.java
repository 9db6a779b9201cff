package dev.tokengate.authorizer.binding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request offers to show that its sender holds the token's key or certificate, as API Gateway delivered it.
 * Read by the handler from the event; judged by {@link SenderConstraint}.
 *
 * @param scheme the {@code Authorization} scheme the token came with
 * @param visible whether this event shape can carry evidence at all (a REST {@code TOKEN} event carries only the
 *     {@code Authorization} value: neither the {@code DPoP} header nor the client certificate)
 * @param dpopProofs every {@code DPoP} header value of the request, each occurrence once
 * @param target the request's method and public URL, empty when the event does not say enough to rebuild it
 * @param clientCertificatePem the mutual-TLS client certificate API Gateway verified, when the API uses mutual TLS
 */
public record SenderEvidence(Scheme scheme, boolean visible, List<String> dpopProofs, Optional<HttpTarget> target,
                             Optional<String> clientCertificatePem) {

    /** The two schemes an access token may come with. */
    public enum Scheme {
        /** RFC 6750: the token alone is the credential. */
        BEARER,
        /** RFC 9449 section 7.1: the token with a proof of possession in the {@code DPoP} header. */
        DPOP
    }

    public SenderEvidence {
        Objects.requireNonNull(scheme, "scheme");
        dpopProofs = List.copyOf(dpopProofs);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(clientCertificatePem, "clientCertificatePem");
    }

    /** An event shape that carries nothing but the token (REST {@code TOKEN}). */
    public static SenderEvidence invisible(Scheme scheme) {
        return new SenderEvidence(scheme, false, List.of(), Optional.empty(), Optional.empty());
    }
}
