package dev.tokengate.authorizer.replay;

import com.nimbusds.jose.util.Base64URL;
import dev.tokengate.authorizer.binding.ProofUse;
import dev.tokengate.core.table.TokenTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token-table key of a DPoP replay record: {@code REPLAY#dpop#<issuerId>#<jkt>#<sha256(jti)>} / {@code REPLAY}.
 * Scoped by the proof key's thumbprint, so a client can only ever use up {@code jti} values of its own key (and
 * only after its proof verified with that key), and by the issuer profile, like every other key. The {@code jti}
 * is stored only as its base64url SHA-256 (RFC 9449 section 11.1): fixed length, whatever the client chose.
 * Every part is base64url or an issuer id, so none contains {@code #}.
 */
final class ReplayKey {
    static final String DPOP_PREFIX = TokenTable.REPLAY_PREFIX + "dpop#";

    private ReplayKey() {
    }

    static String partition(ProofUse use) {
        return DPOP_PREFIX + use.issuerId() + "#" + use.keyThumbprint() + "#" + sha256(use.proofId());
    }

    private static String sha256(String value) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8))).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
