package dev.tokengate.audit.classify;

/** The classifier's answer for one stream record: audit it, or skip it (and count why). */
public sealed interface Classification permits AuditEntry, Skip {
}
