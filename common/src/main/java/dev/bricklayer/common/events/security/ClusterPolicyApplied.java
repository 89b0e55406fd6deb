package dev.bricklayer.common.events.security;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by security-service on {@link SecurityTopics#EVENTS} when a cluster policy of the desired state exists
 * with its desired definition (created, updated or adopted). identity-service grants the desired permissions on it.
 * Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param policyId      the Databricks policy id
 * @param policyName    the policy name, as in the desired state
 * @param occurredAt    when the policy was applied
 */
public record ClusterPolicyApplied(String workspaceName, String policyId, String policyName, Instant occurredAt) {

    public ClusterPolicyApplied {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
