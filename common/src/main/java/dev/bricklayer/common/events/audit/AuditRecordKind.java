package dev.bricklayer.common.events.audit;

/** Which API call record an {@link AuditRecordSealed} seals. */
public enum AuditRecordKind {
    /** An {@link ApiCallStarted}. */
    STARTED,
    /** An {@link ApiCallCompleted}. */
    COMPLETED
}
