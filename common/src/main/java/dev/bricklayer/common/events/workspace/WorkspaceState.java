package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Map;

/**
 * The latest known state of one workspace, published by workspace-service to the compacted topic
 * {@link WorkspaceTopics#STATE} (key: workspace name) whenever the workspace changes; a tombstone (null value)
 * means the workspace is gone. Every service rebuilds its view of all workspaces from this topic at start.
 *
 * @param workspaceName the workspace name
 * @param status        where the workspace is in its life
 * @param resourceId    the ARM resource id, once known
 * @param workspaceId   the Databricks workspace id, once deployed
 * @param workspaceUrl  ARM's {@code workspaceUrl} (host, no scheme), once deployed
 * @param region        Azure region
 * @param pricingTier   {@code premium}, {@code standard} or {@code trial}
 * @param tags          Azure tags; access rules select workspaces by them
 * @param blueprint     the blueprint name and version, e.g. {@code standard@3}
 * @param updatedAt     when this state was published
 */
public record WorkspaceState(
        String workspaceName,
        Status status,
        String resourceId,
        String workspaceId,
        String workspaceUrl,
        String region,
        String pricingTier,
        Map<String, String> tags,
        String blueprint,
        Instant updatedAt) {

    public WorkspaceState {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Life of a workspace. */
    public enum Status {
        REQUESTED, PROVISIONING, READY, ONBOARDED, FAILED, DECOMMISSIONING, DECOMMISSIONED
    }
}
