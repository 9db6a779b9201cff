package dev.tokengate.core.metrics;

/** The naming rules EMF and CloudWatch put on metric and dimension names and on dimension values. */
final class EmfNames {
    /** CloudWatch: a metric or dimension name is 1 to 255 characters. */
    static final int MAX_NAME_CHARS = 255;
    /** CloudWatch: a dimension value is 1 to 1,024 characters. */
    static final int MAX_DIMENSION_VALUE_CHARS = 1024;

    private EmfNames() {
    }

    /**
     * Names are our own constants: ASCII letters, digits and '_', starting with a letter, keep them valid in
     * CloudWatch, in JSON and in a CloudWatch search expression alike.
     */
    static String requireName(String what, String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_CHARS || !isLetter(name.charAt(0))) {
            throw new IllegalArgumentException(what + " name must start with an ASCII letter: " + name);
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '_') {
                throw new IllegalArgumentException(what + " name must be ASCII letters, digits and '_': " + name);
            }
        }
        return name;
    }

    static String requireDimensionValue(String key, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_DIMENSION_VALUE_CHARS) {
            throw new IllegalArgumentException("dimension " + key + " needs a value of 1 to "
                    + MAX_DIMENSION_VALUE_CHARS + " characters");
        }
        return value;
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
