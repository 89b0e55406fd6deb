package dev.bricklayer.common.events.security;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by security-service on {@link SecurityTopics#EVENTS} when securing a workspace failed permanently
 * (a 4xx that retrying cannot fix, or retries exhausted). Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param step          what was being done, e.g. {@code ip-access-lists}, {@code cluster-policies}, {@code clusters}
 * @param errorCode     the decoded Databricks {@code error_code}, e.g. {@code INVALID_STATE}
 * @param message       the error message
 * @param occurredAt    when the failure was seen
 */
public record WorkspaceSecuringFailed(
        String workspaceName,
        String step,
        String errorCode,
        String message,
        Instant occurredAt) {

    public WorkspaceSecuringFailed {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
