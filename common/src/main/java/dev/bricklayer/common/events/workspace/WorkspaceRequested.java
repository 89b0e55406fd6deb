package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request for a new Azure Databricks workspace. Published on {@link WorkspaceTopics#REQUESTS} by a platform
 * team (any producer, validated against {@code schemas/workspace/WorkspaceRequested.v1.schema.json}) or by
 * workspace-service's REST API ({@code POST /api/v1/workspaces}). Kafka key: {@code workspaceName}.
 *
 * @param requestId      producer-chosen id of the request; a repeated id is the same request (idempotency)
 * @param workspaceName  the workspace's ARM resource name, 3–64 characters of letters, digits, {@code _} and {@code -}
 * @param subscriptionId Azure subscription id (UUID) to deploy into
 * @param resourceGroup  resource group to deploy into
 * @param region         Azure region name, e.g. {@code westeurope}
 * @param pricingTier    workspace SKU
 * @param network        VNet injection settings; {@code null} for a Databricks-managed VNet
 * @param tags           Azure tags put on the workspace; access rules also select workspaces by tag
 * @param blueprint      the blueprint giving the desired state
 * @param overrides      values that replace the blueprint's, as a JSON object keyed like the blueprint
 *                       (e.g. {@code {"tokenPolicy": {"maxLifetimeDays": 30}}}); empty for none
 * @param requestedBy    who asked: user name or service principal application id
 * @param occurredAt     when the request was made
 */
public record WorkspaceRequested(
        String requestId,
        String workspaceName,
        String subscriptionId,
        String resourceGroup,
        String region,
        PricingTier pricingTier,
        NetworkSpec network,
        Map<String, String> tags,
        BlueprintRef blueprint,
        Map<String, Object> overrides,
        String requestedBy,
        Instant occurredAt) {

    public WorkspaceRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        // LinkedHashMap, not Map.copyOf: overrides are free-form JSON and may hold nulls
        overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}
