package dev.tokengate.bench.scale;

import dev.tokengate.bench.scale.ScaleModel.Result;
import dev.tokengate.bench.scale.ScaleModel.Setup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tables of docs/SCALE.md, computed. {@code main} prints them; {@code ScaleTablesTest} fails when the document
 * and this output differ, so the document's numbers are never typed by hand.
 *
 * <pre>
 * ./mvnw -B -o -q package -pl bench -am -DskipTests
 * java -cp bench/target/benchmarks.jar dev.tokengate.bench.scale.ScaleTables
 * </pre>
 */
public final class ScaleTables {
    static final double[] SCALES = {100, 10_000, 1_000_000};

    static final Setup DEFAULTS = new Setup("defaults: shield on (5/s), strongly consistent, no authorizer cache",
            5, true, 0);
    static final List<Setup> OPTIONS = List.of(
            new Setup("shield off", 0, true, 0),
            DEFAULTS,
            new Setup("shield + eventually consistent reads", 5, false, 0),
            new Setup("shield + API Gateway authorizer cache, TTL 60 s", 5, true, 60),
            new Setup("shield + eventual reads + authorizer cache 60 s", 5, false, 60));

    private ScaleTables() {
    }

    /** Every table, by the name SCALE.md marks it with. */
    public static Map<String, String> render() {
        Map<String, Result> defaults = new LinkedHashMap<>();
        for (double scale : SCALES) {
            defaults.put(number(scale), ScaleModel.run(scale, DEFAULTS));
        }
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("machine", machine());
        tables.put("baseline", baseline(defaults));
        tables.put("cost", cost(defaults));
        tables.put("limits", limits(defaults));
        tables.put("options", options());
        return tables;
    }

    private static String baseline(Map<String, Result> results) {
        StringBuilder table = new StringBuilder("| decisions/s | Lambda concurrency | scale-up from zero | DynamoDB "
                + "reads/s | read units/s | hottest partition key (read units/s) | keys over 3,000 RU/s | their "
                + "decisions/s | revocations/s (stream records/s) |\n"
                + "|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        results.forEach((scale, r) -> table.append("| ").append(scale)
                .append(" | ").append(number(r.concurrency()))
                .append(" | ").append(Math.round(Math.ceil(r.concurrency() / Aws.LAMBDA_SCALING_PER_10_SECONDS) * 10))
                .append(" s")
                .append(" | ").append(number(r.readsPerSecond()))
                .append(" | ").append(number(r.readUnitsPerSecond()))
                .append(" | ").append(r.hottestKey()).append(" (").append(number(r.hottestReadUnits())).append(")")
                .append(" | ").append(r.keysOverLimit())
                .append(" | ").append(number(r.decisionsOverLimit()))
                .append(" | ").append(number(r.decisionsPerSecond() / ScaleModel.DECISIONS_PER_REVOCATION))
                .append(" |\n"));
        return table.toString();
    }

    /** The case: one busy machine client (10 % of all decisions, one token), with and without the shield. */
    private static String machine() {
        Setup off = OPTIONS.get(0);
        StringBuilder table = new StringBuilder("| decisions/s (all) | the client's decisions/s | per container | "
                + "its partition's RU/s, shield off | shield on (5/s) | shield on + eventual reads |\n"
                + "|---:|---:|---:|---:|---:|---:|\n");
        for (double scale : SCALES) {
            Result without = ScaleModel.run(scale, off);
            Result with = ScaleModel.run(scale, DEFAULTS);
            Result eventual = ScaleModel.run(scale, OPTIONS.get(2));
            double rate = scale * ScaleModel.MACHINE_SHARES[0];
            table.append("| ").append(number(scale))
                    .append(" | ").append(number(rate))
                    .append(" | ").append(number(rate / with.concurrency()))
                    .append(" | ").append(units(without.machineClientReadUnits()))
                    .append(" | ").append(units(with.machineClientReadUnits()))
                    .append(" | ").append(units(eventual.machineClientReadUnits()))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Read units per second, bold when over the partition's 3,000. */
    private static String units(double readUnits) {
        String text = number(readUnits);
        return readUnits > Aws.PARTITION_READ_UNITS ? "**" + text + " (throttled)**" : text;
    }

    private static String cost(Map<String, Result> results) {
        StringBuilder table = new StringBuilder("| decisions/s | API Gateway (HTTP API request) | Lambda | DynamoDB "
                + "reads | revocation writes + audit | total | tokengate's own (Lambda + DynamoDB) |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        results.forEach((scale, r) -> table.append("| ").append(scale)
                .append(" | ").append(dollars(r.apiGatewayCostPerMillion()))
                .append(" | ").append(dollars(r.lambdaCostPerMillion()))
                .append(" | ").append(dollars(r.dynamoDbReadCostPerMillion()))
                .append(" | ").append(dollars(r.revocationCostPerMillion()))
                .append(" | ").append(dollars(r.totalCostPerMillion()))
                .append(" | ").append(dollars(r.totalCostPerMillion() - r.apiGatewayCostPerMillion()))
                .append(" |\n"));
        return table.toString();
    }

    /** Each default quota and hard limit against what the scale needs, most used first: the first row is hit first. */
    private static String limits(Map<String, Result> results) {
        StringBuilder table = new StringBuilder("| decisions/s | limits by use (100 % = reached) |\n|---:|---|\n");
        results.forEach((scale, r) -> {
            List<Map.Entry<String, Double>> uses = new ArrayList<>(List.of(
                    Map.entry("API Gateway 10,000 rps per account (raisable)", r.decisionsPerSecond()
                            / Aws.API_GATEWAY_RPS_QUOTA),
                    Map.entry("Lambda 1,000 concurrent executions (raisable)", r.concurrency()
                            / Aws.LAMBDA_CONCURRENCY_QUOTA),
                    Map.entry("new on-demand table 12,000 RU/s (grows to 2x the previous peak per 30 min; pre-warm)",
                            r.readUnitsPerSecond() / Aws.NEW_ON_DEMAND_TABLE_READ_UNITS),
                    Map.entry("40,000 RU/s per on-demand table (raisable)", r.readUnitsPerSecond()
                            / Aws.TABLE_READ_QUOTA),
                    Map.entry("**3,000 RU/s per partition (hard)**, " + r.hottestKey(), r.hottestReadUnits()
                            / Aws.PARTITION_READ_UNITS)));
            uses.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
            table.append("| ").append(scale).append(" | ").append(uses.stream()
                    .map(u -> u.getKey() + ": " + percent(u.getValue()))
                    .collect(Collectors.joining("; "))).append(" |\n");
        });
        return table.toString();
    }

    private static String options() {
        StringBuilder table = new StringBuilder("| setup | decisions/s | authorizer calls/s | read units/s | hottest "
                + "partition RU/s | keys over 3,000 RU/s (their decisions/s) | Lambda + DynamoDB $ per million "
                + "decisions |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Setup setup : OPTIONS) {
            for (double scale : SCALES) {
                Result r = ScaleModel.run(scale, setup);
                table.append("| ").append(setup.name())
                        .append(" | ").append(number(scale))
                        .append(" | ").append(number(r.invocationsPerSecond()))
                        .append(" | ").append(number(r.readUnitsPerSecond()))
                        .append(" | ").append(number(r.hottestReadUnits()))
                        .append(" | ").append(r.keysOverLimit()).append(" (").append(number(r.decisionsOverLimit()))
                        .append(")")
                        .append(" | ").append(dollars(r.lambdaCostPerMillion() + r.dynamoDbReadCostPerMillion()))
                        .append(" |\n");
            }
        }
        return table.toString();
    }

    /** Three significant figures at most, thousands separated: the model is not more precise than that. */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = StrictMath.pow(10, Math.floor(StrictMath.log10(Math.abs(value))) - 2);
        double rounded = Math.round(value / magnitude) * magnitude;
        if (Math.abs(rounded) >= 100) {
            return String.format(Locale.ROOT, "%,d", Math.round(rounded));
        }
        return String.format(Locale.ROOT, Math.abs(rounded) >= 10 ? "%.1f" : Math.abs(rounded) >= 1 ? "%.2f"
                : "%.3f", rounded);
    }

    static String dollars(double value) {
        return "$" + String.format(Locale.ROOT, "%.4f", value);
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%,.0f %%", value * 100);
    }

    public static void main(String[] args) {
        render().forEach((name, table) -> System.out.println("<!-- simulated:" + name + " -->\n" + table
                + "<!-- /simulated -->\n"));
    }
}
