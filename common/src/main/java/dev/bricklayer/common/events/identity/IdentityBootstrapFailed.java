package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS} when bootstrapping a workspace's identities failed
 * permanently. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param step          what was being done, e.g. {@code groups}, {@code service-principals}, {@code grants}
 * @param errorCode     the decoded Databricks {@code error_code} or SCIM {@code scimType}/status
 * @param message       the error message
 * @param occurredAt    when the failure was seen
 */
public record IdentityBootstrapFailed(
        String workspaceName,
        String step,
        String errorCode,
        String message,
        Instant occurredAt) {

    public IdentityBootstrapFailed {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
