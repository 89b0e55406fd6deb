package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by workspace-service on {@link WorkspaceTopics#EVENTS} when the ARM deployment has succeeded and the
 * workspace answers on its URL. security-, identity- and token-service start converging {@link #desiredState()}
 * on it. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param requestId     the {@link WorkspaceRequested#requestId()}
 * @param resourceId    ARM resource id, {@code /subscriptions/…/resourceGroups/…/providers/Microsoft.Databricks/workspaces/…};
 *                      sent as {@code X-Databricks-Azure-Workspace-Resource-Id} on the first calls into the workspace
 * @param workspaceId   the Databricks workspace id (numeric string)
 * @param workspaceUrl  the workspace host, e.g. {@code adb-1234567890123456.7.azuredatabricks.net}
 * @param pricingTier   the deployed SKU
 * @param desiredState  the resolved desired state (blueprint + overrides)
 * @param occurredAt    when the workspace was found ready
 * @param metastoreId   the Unity Catalog metastore assigned to the workspace (by Azure, or by workspace-service before
 *                      this event); {@code null} when it has none (workspace identity scope without Unity Catalog)
 */
public record WorkspaceReady(
        String workspaceName,
        String requestId,
        String resourceId,
        String workspaceId,
        String workspaceUrl,
        PricingTier pricingTier,
        DesiredState desiredState,
        Instant occurredAt,
        String metastoreId) {

    /** A workspace without a metastore. */
    public WorkspaceReady(String workspaceName, String requestId, String resourceId, String workspaceId, String workspaceUrl,
                          PricingTier pricingTier, DesiredState desiredState, Instant occurredAt) {
        this(workspaceName, requestId, resourceId, workspaceId, workspaceUrl, pricingTier, desiredState, occurredAt, null);
    }

    public WorkspaceReady {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(workspaceUrl, "workspaceUrl");
        Objects.requireNonNull(desiredState, "desiredState");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
