package dev.tokengate.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defaults for an identity provider whose tokens do not follow RFC 9068, which a profile may still override field
 * by field. Amazon Cognito's tokens carry no {@code typ}, name their kind in {@code token_use}, and its access tokens
 * carry {@code client_id} instead of {@code aud}.
 */
public enum Preset {
    /** Cognito access tokens: {@code token_use=access}, {@code client_id} one of {@code clientIds}, no {@code aud}. */
    COGNITO_ACCESS("cognito-access"),
    /** Cognito ID tokens: {@code token_use=id}, {@code aud} one of {@code clientIds}. */
    COGNITO_ID("cognito-id");

    /** {@code https://cognito-idp.<region>.amazonaws.com/<region>_<pool id>}. */
    static final Pattern COGNITO_ISSUER = Pattern.compile(
            "https://cognito-idp\\.([a-z]{2,4}(?:-[a-z0-9]+){1,3}-[0-9]{1,2})\\.amazonaws\\.com/\\1_[A-Za-z0-9]+");

    private final String jsonName;

    Preset(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<Preset> named(String name) {
        for (Preset preset : values()) {
            if (preset.jsonName.equals(name)) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }

    /** Fills the fields the profile left unset; checks what the preset requires of the rest. */
    void apply(ProfileDraft draft) {
        if (draft.issuer != null && !COGNITO_ISSUER.matcher(draft.issuer).matches()) {
            throw new IssuerProfile.Invalid("issuer", "the " + jsonName + " preset needs a Cognito user pool issuer, "
                    + "https://cognito-idp.<region>.amazonaws.com/<region>_<pool id>");
        }
        if (draft.clientIds == null || draft.clientIds.isEmpty()) {
            throw new IssuerProfile.Invalid("clientIds", "the " + jsonName + " preset needs the app client ids "
                    + "whose tokens are accepted");
        }
        if (draft.types == null) {
            draft.allowMissingType = true; // Cognito never sets typ: only a token without one is accepted
            draft.types = Set.of();
        }
        if (draft.keys == null) {
            draft.keys = new KeySource.Remote(URI.create(draft.issuer + "/.well-known/jwks.json"));
        }
        if (draft.algorithms == null) {
            draft.algorithms = Set.of(JWSAlgorithm.RS256);
        }
        switch (this) {
            case COGNITO_ACCESS -> {
                if (draft.tokenUse == null) {
                    draft.tokenUse = "access";
                }
                if (draft.scopeClaim == null) {
                    draft.scopeClaim = Claims.SCOPE;
                }
                if (draft.audiences == null) {
                    draft.audiences = Set.of(); // access tokens carry no aud: one that does is refused
                }
            }
            case COGNITO_ID -> {
                if (draft.tokenUse == null) {
                    draft.tokenUse = "id";
                }
                if (draft.audiences == null) {
                    draft.audiences = draft.clientIds; // an ID token names its app client in aud
                }
                draft.clientIds = Set.of(); // and carries no client_id claim
            }
        }
    }
}
