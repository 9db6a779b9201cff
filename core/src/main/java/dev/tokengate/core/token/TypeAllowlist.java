package dev.tokengate.core.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import java.util.Set;
import java.util.TreeSet;

/** Accepts only the configured {@code typ} values (RFC 8725 3.11: explicit typing prevents token confusion). */
final class TypeAllowlist implements JOSEObjectTypeVerifier<ValidationContext> {
    private final Set<String> accepted;
    /** The accepted types as a refusal names them: sorted, so the same configuration always reads the same. */
    private final String acceptedText;
    private final boolean allowMissing;

    TypeAllowlist(Set<String> accepted, boolean allowMissing) {
        this.accepted = Set.copyOf(accepted);
        this.acceptedText = new TreeSet<>(accepted).toString();
        this.allowMissing = allowMissing;
    }

    @Override
    public void verify(JOSEObjectType type, ValidationContext context) throws BadJOSEException {
        if (type == null) {
            if (!allowMissing) {
                context.refuse(DenyReason.TYPE_NOT_ALLOWED, "typ is missing and the issuer profile requires one");
                throw Refusals.TYPE_REFUSED;
            }
            return;
        }
        if (!accepted.contains(ProfileFields.normaliseType(type.getType()))) {
            context.refuse(DenyReason.TYPE_NOT_ALLOWED, "typ is not one of " + acceptedText);
            throw Refusals.TYPE_REFUSED;
        }
    }
}
