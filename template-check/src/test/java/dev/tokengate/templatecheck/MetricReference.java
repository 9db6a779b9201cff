package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * One metric an alarm or a dashboard widget refers to, evaluated for concrete parameter values: its namespace, name
 * and dimensions (a value {@code ref:<LogicalId>} is a resource's name; a {@code null} value stands for "any", as a
 * search expression's schema leaves it open).
 */
record MetricReference(String where, String namespace, String metric, Map<String, String> dimensions) {
    /** Metrics AWS publishes that tokengate's alarms and dashboard may use, and the resource each must name. */
    private static final Map<String, Set<String>> AWS_LAMBDA = Map.of(
            "Throttles", Set.of("AuthorizerFunction"),
            "Duration", Set.of("AuthorizerFunction"),
            "Errors", Set.of("RevokeApiFunction", "AuditStreamFunction"),
            // IteratorAge exists only for a function reading a stream through an event source mapping
            "IteratorAge", Set.of("AuditStreamFunction"));

    /** The queues that hold what failed every retry; their depth is the only SQS metric tokengate watches. */
    private static final Set<String> FAILURE_QUEUES = Set.of("AuditFailureQueue", "CognitoSignOutFailureQueue");

    /**
     * Fails unless the code publishes this metric: in {@code namespace} (the MetricNamespace parameter's value), from
     * the function its {@code Function} dimension names, under one of its dimension sets, with values from the
     * code's closed sets; or unless it is one of the AWS metrics above, for a resource of this stack.
     */
    void assertPublished(String namespace) {
        if (this.namespace.equals("AWS/Lambda")) {
            assertThat(AWS_LAMBDA).as("%s: AWS/Lambda %s is not one tokengate uses", where, metric).containsKey(metric);
            assertThat(dimensions.keySet()).as(where).containsExactly("FunctionName");
            assertThat(AWS_LAMBDA.get(metric).stream().map(f -> "ref:" + f)).as(where)
                    .contains(dimensions.get("FunctionName"));
            return;
        }
        if (this.namespace.equals("AWS/SQS")) {
            assertThat(metric).as(where).isEqualTo("ApproximateNumberOfMessagesVisible");
            assertThat(dimensions.keySet()).as(where).containsExactly("QueueName");
            assertThat(FAILURE_QUEUES.stream().map(q -> "getatt:" + q + ".QueueName")).as(where)
                    .contains(dimensions.get("QueueName"));
            return;
        }
        assertThat(this.namespace).as("%s: the namespace is the MetricNamespace parameter", where).isEqualTo(namespace);
        String function = dimensions.get("Function");
        DeployedFunction publisher = Arrays.stream(DeployedFunction.values())
                .filter(f -> ("ref:" + f.logicalId).equals(function)).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": Function must name one of the stack's functions, was "
                        + function));
        var entry = MetricCatalogs.entry(publisher, metric).orElseThrow(() -> new AssertionError(where + ": "
                + publisher.logicalId + " never publishes " + metric + "; it publishes "
                + MetricCatalogs.of(publisher).path("metrics").findValuesAsText("name")));
        assertThat(MetricCatalogs.publishedUnder(entry, dimensions.keySet()))
                .as("%s: %s is published under %s, not %s", where, metric, entry.path("dimensionSets"),
                        dimensions.keySet()).isTrue();
        dimensions.forEach((name, value) -> MetricCatalogs.closedValues(publisher, name).ifPresent(allowed -> {
            if (value != null) {
                assertThat(allowed).as("%s: %s=%s is never written", where, name, value).contains(value);
            }
        }));
    }
}
