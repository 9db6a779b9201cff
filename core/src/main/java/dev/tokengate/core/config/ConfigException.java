package dev.tokengate.core.config;

/**
 * A missing or inconsistent setting. Thrown at init so the function never starts with a permissive fallback;
 * the message always names the variable.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
