package dev.tokengate.core.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS-side settings every function shares, each with its one rule: the region Lambda sets, DynamoDB table
 * names, and the optional local DynamoDB endpoint. The config records call these from their constructors, so a
 * record built in code obeys the same rules as one read from the environment.
 */
public final class AwsNames {
    /** Set by Lambda (a reserved variable: a template cannot set it). */
    public static final String AWS_REGION = "AWS_REGION";
    public static final String TOKEN_TABLE = "TOKEN_TABLE";
    /**
     * A local DynamoDB engine (moto, {@code sam local}); unset or blank means AWS's own endpoint. tokengate reads it
     * rather than letting the SDK read {@code AWS_ENDPOINT_URL_DYNAMODB}: SAM CLI declares a template's conditional
     * variables as empty strings, and the SDK fails to build a client on an empty endpoint.
     */
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";

    /** DynamoDB table names: 3 to 255 of letters, digits, '_', '-', '.'. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    /** us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, eu-isoe-west-1, ... */
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2,4}(-[a-z0-9]+){1,3}-[0-9]{1,2}");

    private AwsNames() {
    }

    public static Region region(Region region) {
        if (region == null) {
            throw new ConfigException(AWS_REGION, "is required but not set");
        }
        if (!REGION_NAME.matcher(region.id()).matches()) {
            throw new ConfigException(AWS_REGION, "must be a region id such as eu-west-1, was '" + region.id() + "'");
        }
        return region;
    }

    public static String tableName(String variable, String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigException(variable, "is required but not set");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new ConfigException(variable, "must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
        }
        return name;
    }

    /** An absolute http(s) URL with a host and nothing after it but a path; empty stays empty. */
    public static Optional<URI> endpoint(Optional<URI> endpoint) {
        return endpoint(DYNAMODB_ENDPOINT, endpoint);
    }

    /** The same rule for another local endpoint variable, named in the message. */
    public static Optional<URI> endpoint(String variable, Optional<URI> endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            return Optional.empty();
        }
        URI uri = endpoint.get();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException(variable, "must be an http(s) URL such as http://127.0.0.1:5055");
        }
        return endpoint;
    }

    /** Reads {@link #DYNAMODB_ENDPOINT}: blank is unset. */
    public static Optional<URI> endpoint(Settings settings) {
        return endpoint(settings.optional(DYNAMODB_ENDPOINT).map(value -> Settings.uri(DYNAMODB_ENDPOINT, value)));
    }

    /** Reads {@link #AWS_REGION}. */
    public static Region region(Settings settings) {
        return region(Region.of(settings.required(AWS_REGION)));
    }
}
