package dev.tokengate.authorizer.binding;

import com.nimbusds.jose.util.X509CertUtils;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The mutual-TLS client certificate API Gateway put in the event (it has already verified the chain against the
 * API's truststore during the TLS handshake), reduced to what RFC 8705 section 3.1 binds a token to: the base64url
 * SHA-256 thumbprint of its DER encoding. nimbus parses the PEM.
 */
final class ClientCertificate {
    private ClientCertificate() {
    }

    /** The certificate's {@code x5t#S256}, or empty when the PEM is not one X.509 certificate. */
    static Optional<String> sha256Thumbprint(String pem) {
        X509Certificate certificate;
        try {
            certificate = X509CertUtils.parse(pem);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (certificate == null) {
            return Optional.empty();
        }
        return Optional.of(X509CertUtils.computeSHA256Thumbprint(certificate).toString());
    }
}
