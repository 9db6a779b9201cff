package dev.tokengate.authorizer.replay;

import java.util.Objects;

/** The replay store's answer for one proof; {@code detail} is short, loggable and our own words only. */
public record ReplayStatus(Kind kind, String detail) {

    public enum Kind { FIRST_USE, REPLAYED, UNAVAILABLE }

    public ReplayStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public static ReplayStatus firstUse() {
        return new ReplayStatus(Kind.FIRST_USE, "recorded");
    }

    public static ReplayStatus replayed() {
        return new ReplayStatus(Kind.REPLAYED, "the proof's jti was already used with this key within its window");
    }

    public static ReplayStatus unavailable(String detail) {
        return new ReplayStatus(Kind.UNAVAILABLE, detail);
    }
}
