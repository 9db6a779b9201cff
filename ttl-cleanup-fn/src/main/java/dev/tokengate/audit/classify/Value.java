package dev.tokengate.audit.classify;

/**
 * One attribute of a stream image, reduced to what classification needs. The stream's own types (S, N, BOOL) are
 * kept; every other type is only named, so a garbled or unexpected attribute is visible as such instead of being
 * coerced into something it is not.
 */
public sealed interface Value {

    /** A DynamoDB string ({@code S}). */
    record Str(String value) implements Value {
    }

    /** A DynamoDB number ({@code N}), kept as its decimal text. */
    record Num(String value) implements Value {
    }

    /** A DynamoDB boolean ({@code BOOL}). */
    record Bool(boolean value) implements Value {
    }

    /** Any other well-formed type ({@code B}, {@code SS}, {@code M}, {@code NULL}, ...), named by its type tag. */
    record Other(String type) implements Value {
    }

    /** An attribute value with no type, or with more than one: the stream record is garbled. */
    record Unreadable() implements Value {
    }
}
