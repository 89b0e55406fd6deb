package dev.bricklayer.common.events.security;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by security-service on {@link SecurityTopics#EVENTS} when a cluster of the desired state exists under
 * its policy (created or adopted). identity-service grants the desired permissions on it. Kafka key:
 * {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param clusterId     the Databricks cluster id
 * @param clusterName   the cluster name, as in the desired state
 * @param policyId      the id of the policy the cluster runs under
 * @param occurredAt    when the cluster was provisioned
 */
public record ClusterProvisioned(
        String workspaceName,
        String clusterId,
        String clusterName,
        String policyId,
        Instant occurredAt) {

    public ClusterProvisioned {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
