package dev.tokengate.core.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The optional string attributes of one {@code UpdateItem}: each one given is set, each one absent is removed, so
 * that what an earlier write recorded (its reason, its actor's issuer, its channel) never describes this one. The
 * placeholders are the attribute's own name ({@code #reason}, {@code :reason}), added to the update's maps.
 */
public final class SetOrRemove {
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final StringBuilder set = new StringBuilder();
    private final List<String> removed = new ArrayList<>();

    public SetOrRemove(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = Objects.requireNonNull(names, "names");
        this.values = Objects.requireNonNull(values, "values");
    }

    public SetOrRemove string(String attribute, Optional<String> value) {
        names.put("#" + attribute, attribute);
        if (value.isPresent()) {
            values.put(":" + attribute, AttributeValue.fromS(value.get()));
            set.append(", #").append(attribute).append(" = :").append(attribute);
        } else {
            removed.add("#" + attribute);
        }
        return this;
    }

    /** The assignments, each led by {@code ", "}, to follow a {@code SET} clause's others; empty if none. */
    public String setClauses() {
        return set.toString();
    }

    /** {@code " REMOVE #a, #b"}, or empty if every attribute was given. */
    public String removeClause() {
        return removed.isEmpty() ? "" : " REMOVE " + String.join(", ", removed);
    }
}
