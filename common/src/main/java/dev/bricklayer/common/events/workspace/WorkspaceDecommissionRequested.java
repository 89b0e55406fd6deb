package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Objects;

/**
 * Published on {@link WorkspaceTopics#REQUESTS} (by a platform team or workspace-service's REST API) to have a
 * workspace deleted. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace to delete
 * @param requestedBy   who asked: user name or service principal application id
 * @param reason        free-text reason, recorded for audit
 * @param occurredAt    when the request was made
 */
public record WorkspaceDecommissionRequested(String workspaceName, String requestedBy, String reason, Instant occurredAt) {

    public WorkspaceDecommissionRequested {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
