package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by workspace-service on {@link WorkspaceTopics#EVENTS} when the ARM deployment ends in
 * {@code Failed} or {@code Canceled}, or ARM refuses it with a permanent error. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName  the workspace
 * @param requestId      the {@link WorkspaceRequested#requestId()}
 * @param deploymentName the ARM deployment, {@code null} if none was created
 * @param errorCode      ARM error {@code code}, e.g. {@code InvalidTemplateDeployment}, {@code QuotaExceeded}
 * @param errorMessage   ARM error {@code message} (innermost detail where ARM nests errors)
 * @param occurredAt     when the failure was seen
 */
public record WorkspaceProvisioningFailed(
        String workspaceName,
        String requestId,
        String deploymentName,
        String errorCode,
        String errorMessage,
        Instant occurredAt) {

    public WorkspaceProvisioningFailed {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
