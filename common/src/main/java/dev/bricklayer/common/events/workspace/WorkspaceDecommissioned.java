package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by workspace-service on {@link WorkspaceTopics#EVENTS} when the workspace resource has been deleted
 * through ARM (a 404 on delete counts as deleted); the other services drop what they hold about it.
 * Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param resourceId    the ARM resource id it had
 * @param occurredAt    when the deletion completed
 */
public record WorkspaceDecommissioned(String workspaceName, String resourceId, Instant occurredAt) {

    public WorkspaceDecommissioned {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
