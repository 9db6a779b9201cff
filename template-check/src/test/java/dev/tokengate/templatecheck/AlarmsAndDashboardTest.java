package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alarms and the dashboard against the code: every metric they refer to is one a function publishes (its
 * catalog, read from its zip), in the MetricNamespace parameter's namespace, from the function its {@code Function}
 * dimension names, under one of its dimension sets, with dimension values the code writes. So no alarm can watch a
 * metric that never exists (it would sit in INSUFFICIENT_DATA, or OK with missing data treated as not breaching).
 */
class AlarmsAndDashboardTest {
    /** Not the default, so a namespace written into the template instead of the parameter shows. */
    static final String NAMESPACE = "acme/ops-check";
    /** The alarms the operations issue asks for (IdP-initiated revocation alarms come with those revocations). */
    static final Set<String> REQUIRED_ALARMS = Set.of("AuthorizerUnavailableAlarm", "AuthorizerThrottlesAlarm",
            "AuthorizerDurationAlarm", "RevokeApiServerErrorsAlarm", "AuditErrorsAlarm", "AuditIteratorAgeAlarm",
            "AuditFailureQueueAlarm", "RevocationStateTamperingAlarm", "JwksFetchFailuresAlarm",
            "IdentityProviderRevocationFailuresAlarm");
    private static final Pattern SEARCH = Pattern.compile(
            "SEARCH\\('\\{([^}]*)}\\s+MetricName=\"([^\"]+)\"((?:\\s+[A-Za-z]+=\"[^\"]*\")*)'\\s*,\\s*'[A-Za-z0-9.]+'\\s*,\\s*\\d+\\)");
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[a-z][A-Za-z0-9_]*\\b");

    private static Map<String, String> values(String... more) {
        Map<String, String> values = new HashMap<>(HandlerAndConfigTest.BASE);
        values.put("MetricNamespace", NAMESPACE);
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return values;
    }

    private static Map<String, JsonNode> resources(String type, Intrinsics env) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        SamTransform.transformed().path("Resources").fields().forEachRemaining(r -> {
            if (r.getValue().path("Type").asText().equals(type) && env.exists(r.getValue())) {
                out.put(r.getKey(), env.evaluate(r.getValue().path("Properties")));
            }
        });
        return out;
    }

    /** Parameter values under which the set of alarms differs: the defaults, and Cognito sign-outs on. */
    static List<Map<String, String>> stacks() {
        List<String> cognito = new ArrayList<>();
        DeployedFunction.COGNITO_ON.forEach((name, value) -> {
            cognito.add(name);
            cognito.add(value);
        });
        return List.of(values(), values(cognito.toArray(String[]::new)));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyAlarmWatchesAMetricTheCodePublishes(Map<String, String> parameters) {
        Intrinsics env = new Intrinsics(SamTransform.transformed(), parameters);
        Map<String, JsonNode> alarms = resources("AWS::CloudWatch::Alarm", env);
        assertThat(alarms.keySet()).containsAll(REQUIRED_ALARMS);

        int metrics = 0;
        for (Map.Entry<String, JsonNode> alarm : alarms.entrySet()) {
            for (MetricReference reference : references(alarm.getKey(), alarm.getValue())) {
                reference.assertPublished(NAMESPACE);
                metrics++;
            }
        }
        System.out.printf("alarms: %d alarms watch %d metrics, each one published%n", alarms.size(), metrics);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyAlarmIsExplainedAndQuietWithoutTraffic(Map<String, String> parameters) {
        Intrinsics env = new Intrinsics(SamTransform.transformed(), parameters);
        resources("AWS::CloudWatch::Alarm", env).forEach((id, alarm) -> {
            assertThat(alarm.path("AlarmDescription").asText()).as(id).contains("Operate it");
            // no traffic is not an incident: a quiet authorizer publishes nothing
            assertThat(alarm.path("TreatMissingData").asText()).as(id).isEqualTo("notBreaching");
        });
    }

    @Test
    void aCognitoSignOutThatFailedEveryAttemptAlarmsOnlyWhereTheFunctionIsDeployed() {
        List<Map<String, String>> stacks = stacks();
        assertThat(resources("AWS::CloudWatch::Alarm", new Intrinsics(SamTransform.transformed(), stacks.get(0))))
                .doesNotContainKey("CognitoSignOutFailuresAlarm");
        JsonNode alarm = resources("AWS::CloudWatch::Alarm", new Intrinsics(SamTransform.transformed(),
                stacks.get(1))).get("CognitoSignOutFailuresAlarm");
        assertThat(alarm).as("CognitoSignOutFailuresAlarm with CognitoSignOutEvents=true").isNotNull();
        assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/SQS");
        assertThat(alarm.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(dimensions(alarm.path("Dimensions")))
                .containsExactly(Map.entry("QueueName", "getatt:CognitoSignOutFailureQueue.QueueName"));
        // one lost sign-out is one user whose tokens still work
        assertThat(alarm.path("Threshold").asDouble()).isEqualTo(1.0);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        Intrinsics email = new Intrinsics(SamTransform.transformed(), withEmail(stacks.get(1)));
        assertThat(resources("AWS::CloudWatch::Alarm", email).get("CognitoSignOutFailuresAlarm").path("AlarmActions"))
                .containsExactly(new ObjectMapper().valueToTree("ref:AlarmTopic"));
    }

    private static Map<String, String> withEmail(Map<String, String> parameters) {
        Map<String, String> out = new HashMap<>(parameters);
        out.put("AlarmEmail", "oncall@example.com");
        return out;
    }

    @Test
    void alarmsNotifyTheEmailTopicOrTheGivenTopicOrNobody() {
        Intrinsics email = new Intrinsics(SamTransform.transformed(), values("AlarmEmail", "oncall@example.com"));
        Intrinsics topic = new Intrinsics(SamTransform.transformed(),
                values("AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:pager"));
        Intrinsics neither = new Intrinsics(SamTransform.transformed(), values());

        assertThat(resources("AWS::SNS::Topic", email)).containsOnlyKeys("AlarmTopic");
        assertThat(resources("AWS::SNS::Topic", email).get("AlarmTopic").path("Subscription").get(0).path("Endpoint")
                .asText()).isEqualTo("oncall@example.com");
        assertThat(resources("AWS::SNS::Topic", topic)).isEmpty();
        assertThat(resources("AWS::SNS::Topic", neither)).isEmpty();
        for (String id : REQUIRED_ALARMS) {
            for (String actions : List.of("AlarmActions", "OKActions")) {
                assertThat(resources("AWS::CloudWatch::Alarm", email).get(id).path(actions)).as(id)
                        .containsExactly(new ObjectMapper().valueToTree("ref:AlarmTopic"));
                assertThat(resources("AWS::CloudWatch::Alarm", topic).get(id).path(actions)).as(id)
                        .containsExactly(new ObjectMapper().valueToTree("arn:aws:sns:eu-west-1:123456789012:pager"));
                assertThat(resources("AWS::CloudWatch::Alarm", neither).get(id).has(actions)).as(id).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theDashboardShowsOnlyPublishedMetricsAndEveryAlarm(Map<String, String> parameters) throws IOException {
        Intrinsics env = new Intrinsics(SamTransform.transformed(), parameters);
        Map<String, JsonNode> dashboards = resources("AWS::CloudWatch::Dashboard", env);
        assertThat(dashboards).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(dashboards.values().iterator().next().path("DashboardBody")
                .asText());

        Set<String> alarmsShown = new TreeSet<>();
        int metrics = 0;
        for (JsonNode widget : body.path("widgets")) {
            String title = widget.path("properties").path("title").asText();
            if (widget.path("type").asText().equals("alarm")) {
                widget.path("properties").path("alarms").forEach(a -> alarmsShown.add(a.asText()));
                continue;
            }
            assertThat(widget.path("type").asText()).as(title).isEqualTo("metric");
            for (MetricReference reference : widgetReferences(title, widget.path("properties").path("metrics"))) {
                reference.assertPublished(NAMESPACE);
                metrics++;
            }
        }
        Set<String> alarms = new TreeSet<>();
        resources("AWS::CloudWatch::Alarm", env).keySet().forEach(id -> alarms.add("getatt:" + id + ".Arn"));
        assertThat(alarmsShown).isEqualTo(alarms);
        System.out.printf("dashboard: %d widgets show %d metrics and search expressions, each one published%n",
                body.path("widgets").size(), metrics);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void deployMdExplainsEveryAlarmInItsOperateItSection(Map<String, String> parameters) throws IOException {
        String deploy = Files.readString(ProjectLayout.root().resolve("docs/DEPLOY.md"));
        int start = deploy.indexOf("## Operate it");
        assertThat(start).as("docs/DEPLOY.md has an \"Operate it\" section").isNotNegative();
        int end = deploy.indexOf("\n## ", start + 1);
        String section = end < 0 ? deploy.substring(start) : deploy.substring(start, end);
        resources("AWS::CloudWatch::Alarm", new Intrinsics(SamTransform.transformed(), parameters)).keySet()
                .forEach(id -> assertThat(section).as("Operate it explains %s", id).contains("`" + id + "`"));
    }

    /** The metrics an alarm reads; its expressions may only refer to its own metrics. */
    private static List<MetricReference> references(String alarm, JsonNode properties) {
        List<MetricReference> out = new ArrayList<>();
        if (properties.has("MetricName")) {
            out.add(new MetricReference(alarm, properties.path("Namespace").asText(),
                    properties.path("MetricName").asText(), dimensions(properties.path("Dimensions"))));
            return out;
        }
        Set<String> ids = new TreeSet<>();
        properties.path("Metrics").forEach(m -> ids.add(m.path("Id").asText()));
        int returned = 0;
        for (JsonNode query : properties.path("Metrics")) {
            returned += query.path("ReturnData").asBoolean(true) ? 1 : 0;
            if (query.has("MetricStat")) {
                JsonNode metric = query.path("MetricStat").path("Metric");
                out.add(new MetricReference(alarm + "/" + query.path("Id").asText(), metric.path("Namespace").asText(),
                        metric.path("MetricName").asText(), dimensions(metric.path("Dimensions"))));
            } else {
                Matcher names = IDENTIFIER.matcher(query.path("Expression").asText());
                while (names.find()) {
                    assertThat(ids).as("%s: the expression refers to %s", alarm, names.group()).contains(names.group());
                }
            }
        }
        assertThat(returned).as("%s returns exactly one time series", alarm).isEqualTo(1);
        assertThat(out).as(alarm).isNotEmpty();
        return out;
    }

    private static Map<String, String> dimensions(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        list.forEach(d -> out.put(d.path("Name").asText(), d.path("Value").asText()));
        return out;
    }

    /** Rows are [namespace, metric, name, value, ..., {options}] or [{expression}]; searches name their schema. */
    private static List<MetricReference> widgetReferences(String widget, JsonNode rows) {
        List<MetricReference> out = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode row : rows) {
            JsonNode options = row.get(row.size() - 1).isObject() ? row.get(row.size() - 1) : null;
            if (options != null && options.has("id")) {
                ids.add(options.path("id").asText());
            }
            if (options != null && options.has("expression")) {
                String expression = options.path("expression").asText();
                if (expression.startsWith("SEARCH(")) {
                    out.add(search(widget, expression));
                } else {
                    expressions.add(expression);
                }
                continue;
            }
            Map<String, String> dimensions = new LinkedHashMap<>();
            int strings = options == null ? row.size() : row.size() - 1;
            assertThat(strings % 2).as("%s: a row is namespace, metric and name/value pairs: %s", widget, row).isZero();
            for (int i = 2; i < strings; i += 2) {
                dimensions.put(row.get(i).asText(), row.get(i + 1).asText());
            }
            out.add(new MetricReference(widget, row.get(0).asText(), row.get(1).asText(), dimensions));
        }
        for (String expression : expressions) {
            Matcher names = IDENTIFIER.matcher(expression);
            while (names.find()) {
                assertThat(ids).as("%s: %s refers to %s", widget, expression, names.group()).contains(names.group());
            }
        }
        return out;
    }

    /** {@code SEARCH('{"ns",Dim1,Dim2} MetricName="M" Dim1="v"', 'Sum', 60)}: the schema is the dimension set. */
    private static MetricReference search(String widget, String expression) {
        Matcher m = SEARCH.matcher(expression);
        assertThat(m.matches()).as("%s: a search expression of the form SEARCH('{\"ns\",Dims} MetricName=\"M\" "
                + "Dim=\"v\"', 'Stat', period): %s", widget, expression).isTrue();
        String[] schema = m.group(1).split(",");
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 1; i < schema.length; i++) {
            dimensions.put(schema[i].trim(), null);
        }
        Matcher pairs = KEY_VALUE.matcher(m.group(3));
        while (pairs.find()) {
            assertThat(dimensions).as("%s: %s filters on a dimension outside its schema", widget, pairs.group(1))
                    .containsKey(pairs.group(1));
            dimensions.put(pairs.group(1), pairs.group(2));
        }
        return new MetricReference(widget, schema[0].trim().replace("\"", ""), m.group(2), dimensions);
    }
}
