package dev.tokengate.lambdatier.coldstart;

import dev.tokengate.lambdatier.sandbox.InitType;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One thing to start cold again and again: a function of the template, the init type it starts with, and the zip
 * (the one its CodeUri names, or another build of it, labelled).
 *
 * @param zip another build of the function's zip, with its label; empty for the one the template names
 */
record ColdStartCase(Workload workload, InitType initType, Optional<LabelledZip> zip) {
    record LabelledZip(String label, Path path) {
    }

    String label() {
        String function = switch (workload) {
            case AUTHORIZER -> "authorizer";
            case REVOKE_API -> "revoke-fn";
            case AUDIT_STREAM -> "audit";
        };
        return function + zip.map(z -> " [" + z.label() + "]").orElse("") + " " + initType.value();
    }
}
