package dev.tokengate.core.token;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tokengate.core.config.ConfigException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code TRUSTED_ISSUERS}: a JSON array of issuer profiles, parsed with the JSON parser nimbus already ships.
 * Strict: unknown fields, wrong types, two key sources, duplicate ids or issuers are init errors naming the
 * variable, the profile and the field.
 */
final class TrustedIssuers {
    static final String VARIABLE = "TRUSTED_ISSUERS";
    static final int MAX_PROFILES = 10;

    private static final Set<String> FIELDS = Set.of("id", "issuer", "jwksUrl", "jwks", "discovery", "audiences",
            "clientIds", "tokenUse", "types", "algorithms", "scopeClaim", "clockSkewSeconds",
            "maxTokenLifetimeSeconds", "maxRefreshTokenLifetimeSeconds", "requiredClaims", "preset",
            "crossIssuerAdmin", BackchannelLogout.FIELD, "dpop", "dpopProofWindowSeconds", "dpopClockSkewSeconds");
    private static final Set<String> BACKCHANNEL_FIELDS = Set.of("audiences", "types");

    private TrustedIssuers() {
    }

    static List<IssuerProfile> parse(String json) {
        List<Object> array;
        try {
            array = JSONArrayUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new ConfigException(VARIABLE, "is not a JSON array of issuer profiles");
        }
        if (array.isEmpty() || array.size() > MAX_PROFILES) {
            throw new ConfigException(VARIABLE, "must name 1 to " + MAX_PROFILES + " issuer profiles");
        }
        List<IssuerProfile> profiles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> issuers = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            IssuerProfile profile = profile(i, array.get(i));
            if (!ids.add(profile.id())) {
                throw new ConfigException(VARIABLE, "profile #" + i + ": id '" + profile.id() + "' is used twice");
            }
            if (!issuers.add(profile.issuer())) {
                throw new ConfigException(VARIABLE, "profile '" + profile.id() + "': issuer " + profile.issuer()
                        + " is trusted twice; one issuer, one profile");
            }
            profiles.add(profile);
        }
        return profiles;
    }

    private static IssuerProfile profile(int index, Object element) {
        if (!(element instanceof Map<?, ?> raw)) {
            throw new ConfigException(VARIABLE, "profile #" + index + " is not a JSON object");
        }
        String name = raw.get("id") instanceof String id ? "'" + id + "'" : "#" + index;
        try {
            for (Object key : raw.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw new IssuerProfile.Invalid(String.valueOf(key), "is not a profile field; known fields: "
                            + FIELDS.stream().sorted().toList());
                }
            }
            return read(raw).build();
        } catch (IssuerProfile.Invalid invalid) {
            throw new ConfigException(VARIABLE, "profile " + name + ": " + invalid.getMessage());
        }
    }

    private static ProfileDraft read(Map<?, ?> raw) {
        ProfileDraft draft = new ProfileDraft();
        draft.id = string(raw, "id", true);
        draft.issuer = string(raw, "issuer", true);
        String preset = string(raw, "preset", false);
        if (preset != null) {
            draft.preset = Preset.named(preset).orElseThrow(() -> new IssuerProfile.Invalid("preset",
                    "must be one of cognito-access, cognito-id"));
        }
        int sources = 0;
        String jwksUrl = string(raw, "jwksUrl", false);
        if (jwksUrl != null) {
            sources++;
            draft.keys = remote("jwksUrl", jwksUrl);
        }
        if (raw.containsKey("jwks")) {
            sources++;
            Object jwks = raw.get("jwks");
            if (!(jwks instanceof Map<?, ?> set)) {
                throw new IssuerProfile.Invalid("jwks", "must be a JWK set object ({\"keys\": [...]})");
            }
            draft.keys = ProfileFields.inlineJwks(JSONObjectUtils.toJSONString(cast(set)));
        }
        if (raw.containsKey("discovery")) {
            if (!Boolean.TRUE.equals(raw.get("discovery"))) {
                throw new IssuerProfile.Invalid("discovery", "must be true when given");
            }
            sources++;
            draft.keys = new KeySource.Discovery();
        }
        if (sources > 1) {
            throw new IssuerProfile.Invalid("jwksUrl", "set exactly one key source: jwksUrl, jwks or discovery");
        }
        draft.audiences = strings(raw, "audiences");
        draft.clientIds = strings(raw, "clientIds");
        draft.tokenUse = string(raw, "tokenUse", false);
        Set<String> types = strings(raw, "types");
        if (types != null) {
            ProfileFields.types(types, draft);
        }
        Set<String> algorithms = strings(raw, "algorithms");
        if (algorithms != null) {
            draft.algorithms = ProfileFields.algorithms(algorithms);
        }
        draft.scopeClaim = string(raw, "scopeClaim", false);
        draft.clockSkew = seconds(raw, "clockSkewSeconds");
        draft.maxTokenLifetime = seconds(raw, "maxTokenLifetimeSeconds");
        draft.maxRefreshTokenLifetime = seconds(raw, "maxRefreshTokenLifetimeSeconds");
        draft.requiredClaims = strings(raw, "requiredClaims");
        Object cross = raw.get("crossIssuerAdmin");
        if (cross != null && !(cross instanceof Boolean)) {
            throw new IssuerProfile.Invalid("crossIssuerAdmin", "must be true or false");
        }
        draft.crossIssuerAdmin = Boolean.TRUE.equals(cross);
        if (raw.containsKey(BackchannelLogout.FIELD)) {
            draft.backchannelLogout = backchannelLogout(raw.get(BackchannelLogout.FIELD));
        }
        String dpop = string(raw, "dpop", false);
        if (dpop != null) {
            draft.dpop = DpopSettings.Mode.named(dpop).orElseThrow(() -> new IssuerProfile.Invalid("dpop",
                    "must be allowed or required"));
        }
        draft.dpopProofWindow = seconds(raw, "dpopProofWindowSeconds");
        draft.dpopClockSkew = seconds(raw, "dpopClockSkewSeconds");
        return draft;
    }

    /** {@code {"audiences": [...], "types": [...]}}; {@code types} defaults to {@code logout+jwt} or none. */
    private static BackchannelLogout backchannelLogout(Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw new IssuerProfile.Invalid(BackchannelLogout.FIELD, "must be an object such as "
                    + "{\"audiences\": [\"<client id at the issuer>\"]}");
        }
        for (Object key : raw.keySet()) {
            if (!BACKCHANNEL_FIELDS.contains(key)) {
                throw new IssuerProfile.Invalid(BackchannelLogout.FIELD, key + " is not one of its fields "
                        + BACKCHANNEL_FIELDS.stream().sorted().toList());
            }
        }
        try {
            Set<String> audiences = strings(raw, "audiences");
            if (audiences == null) {
                throw new IssuerProfile.Invalid(BackchannelLogout.FIELD, "audiences is required");
            }
            Set<String> types = strings(raw, "types");
            if (types == null) {
                return BackchannelLogout.forAudiences(audiences);
            }
            ProfileDraft typed = new ProfileDraft();
            ProfileFields.types(types, typed);
            return new BackchannelLogout(audiences, typed.types, typed.allowMissingType);
        } catch (IssuerProfile.Invalid invalid) {
            if (invalid.field().equals(BackchannelLogout.FIELD)) {
                throw invalid;
            }
            // a nested field: name it under backchannelLogout, not as the profile's own audiences or types
            throw new IssuerProfile.Invalid(BackchannelLogout.FIELD, invalid.getMessage());
        }
    }

    private static KeySource.Remote remote(String field, String url) {
        try {
            return new KeySource.Remote(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new IssuerProfile.Invalid(field, e.getMessage() == null ? "is not a URL" : e.getMessage());
        }
    }

    private static String string(Map<?, ?> raw, String field, boolean required) {
        Object value = raw.get(field);
        if (value == null) {
            if (required) {
                throw new IssuerProfile.Invalid(field, "is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IssuerProfile.Invalid(field, "must be a string");
        }
        return text;
    }

    private static Set<String> strings(Map<?, ?> raw, String field) {
        Object value = raw.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new IssuerProfile.Invalid(field, "must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String text) || text.isBlank()) {
                throw new IssuerProfile.Invalid(field, "must be an array of non-empty strings");
            }
            out.add(text);
        }
        return out;
    }

    private static Duration seconds(Map<?, ?> raw, String field) {
        Object value = raw.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new IssuerProfile.Invalid(field, "must be a whole number of seconds");
        }
        return Duration.ofSeconds(number.longValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
