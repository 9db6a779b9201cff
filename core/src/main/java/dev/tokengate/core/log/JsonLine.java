package dev.tokengate.core.log;

/**
 * One structured log line, built field by field and rendered as a single JSON object. Values are escaped, so a
 * hostile string cannot forge fields or lines. Callers decide what goes in: never a token or a signature.
 */
public final class JsonLine {
    private final StringBuilder out = new StringBuilder(192);

    private JsonLine(String level, String event) {
        out.append("{\"level\":");
        quote(level);
        out.append(",\"event\":");
        quote(event);
    }

    public static JsonLine info(String event) {
        return new JsonLine("INFO", event);
    }

    public static JsonLine warn(String event) {
        return new JsonLine("WARN", event);
    }

    public static JsonLine error(String event) {
        return new JsonLine("ERROR", event);
    }

    /** Adds a string field; {@code null} values are left out. */
    public JsonLine with(String key, String value) {
        if (value != null) {
            out.append(',');
            quote(key);
            out.append(':');
            quote(value);
        }
        return this;
    }

    public JsonLine with(String key, long value) {
        out.append(',');
        quote(key);
        out.append(':').append(value);
        return this;
    }

    public JsonLine with(String key, double value) {
        out.append(',');
        quote(key);
        out.append(':');
        if (!Double.isFinite(value)) {
            out.append("null");
        } else if (!appendHundredths(out, value)) {
            out.append(value);
        }
        return this;
    }

    /**
     * Appends {@code value} exactly as {@link Double#toString} writes it when it is a whole number of hundredths from 0
     * to 10^7 (the latencies these lines carry, rounded to 0.01 ms), with integer arithmetic: under Lambda's C1-only
     * JIT the general double-to-text conversion costs a microsecond or more per number. Answers false for any other
     * value, which the caller writes the general way.
     */
    static boolean appendHundredths(StringBuilder out, double value) {
        if (!(value >= 0 && value < 1e7) || Double.doubleToRawLongBits(value) < 0) { // the sign bit: -0.0
            return false;
        }
        long hundredths = Math.round(value * 100);
        if (hundredths / 100.0 != value) {
            return false;
        }
        long whole = hundredths / 100;
        int cents = (int) (hundredths % 100);
        out.append(whole).append('.');
        if (cents == 0) {
            out.append('0');
        } else if (cents % 10 == 0) {
            out.append(cents / 10);
        } else {
            out.append(cents < 10 ? "0" : "").append(cents);
        }
        return true;
    }

    public JsonLine with(String key, boolean value) {
        out.append(',');
        quote(key);
        out.append(':').append(value);
        return this;
    }

    /** Adds a pre-rendered JSON value (an object or array built by another {@code JsonLine} or the caller). */
    public JsonLine withRaw(String key, String json) {
        out.append(',');
        quote(key);
        out.append(':').append(json);
        return this;
    }

    public String render() {
        return out + "}";
    }

    @Override
    public String toString() {
        return render();
    }

    private void quote(String value) {
        out.append('"');
        escapeInto(out, value);
        out.append('"');
    }

    /** JSON string escaping (RFC 8259), including every control character. */
    public static void escapeInto(StringBuilder sb, String value) {
        int first = firstToEscape(value);
        if (first < 0) {
            sb.append(value); // the usual case: one copy, not one append per character (costly under C1)
            return;
        }
        sb.append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    private static int firstToEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029) {
                return i;
            }
        }
        return -1;
    }

    public static String quoted(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        escapeInto(sb, value);
        return sb.append('"').toString();
    }
}
