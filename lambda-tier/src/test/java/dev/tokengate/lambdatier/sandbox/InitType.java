package dev.tokengate.lambdatier.sandbox;

import dev.tokengate.lambdatier.template.TemplateFunction;

/** How Lambda initialises an execution environment ({@code AWS_LAMBDA_INITIALIZATION_TYPE}). */
public enum InitType {
    ON_DEMAND("on-demand"),
    /** A published SnapStart version: init runs before the snapshot, credentials come from the container endpoint. */
    SNAP_START("snap-start");

    private final String value;

    InitType(String value) {
        this.value = value;
    }

    /** What Lambda does with the function the template deploys: SnapStart applies to the versions it publishes. */
    public static InitType of(TemplateFunction function) {
        return function.snapStart() ? SNAP_START : ON_DEMAND;
    }

    public String value() {
        return value;
    }
}
