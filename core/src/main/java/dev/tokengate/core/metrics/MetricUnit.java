package dev.tokengate.core.metrics;

/** The CloudWatch units tokengate's metrics use; {@link #cloudWatchName()} is the spelling EMF requires. */
public enum MetricUnit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds");

    private final String cloudWatchName;

    MetricUnit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }
}
