package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by workspace-service on {@link WorkspaceTopics#EVENTS} once the ARM template deployment of a valid
 * request has been accepted by ARM. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName  the workspace
 * @param requestId      the {@link WorkspaceRequested#requestId()}
 * @param subscriptionId Azure subscription deployed into
 * @param resourceGroup  resource group deployed into
 * @param deploymentName name of the ARM deployment ({@code Microsoft.Resources/deployments}) being polled
 * @param occurredAt     when ARM accepted the deployment
 */
public record WorkspaceProvisioningStarted(
        String workspaceName,
        String requestId,
        String subscriptionId,
        String resourceGroup,
        String deploymentName,
        Instant occurredAt) {

    public WorkspaceProvisioningStarted {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
