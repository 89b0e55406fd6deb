package dev.bricklayer.common.events.security;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by security-service on {@link SecurityTopics#EVENTS} when the security part of a ready workspace's
 * desired state has converged: {@code enableIpAccessLists} set, IP access lists, cluster policies and clusters in
 * place, the Unity Catalog catalogs of the desired state made, isolated and bound. One of the completions
 * workspace-service waits for. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName       the workspace
 * @param ipAccessListsEnabled whether {@code enableIpAccessLists} is on (it is off when the blueprint has no lists)
 * @param ipAccessLists       number of IP access lists in place
 * @param clusterPolicies     number of cluster policies in place
 * @param clusters            number of clusters in place
 * @param occurredAt          when convergence finished
 * @param catalogs            number of Unity Catalog catalogs in place (0 in events of producers from before catalogs)
 */
public record WorkspaceSecured(
        String workspaceName,
        boolean ipAccessListsEnabled,
        int ipAccessLists,
        int clusterPolicies,
        int clusters,
        Instant occurredAt,
        int catalogs) {

    /** A workspace secured without Unity Catalog catalogs. */
    public WorkspaceSecured(String workspaceName, boolean ipAccessListsEnabled, int ipAccessLists, int clusterPolicies,
                            int clusters, Instant occurredAt) {
        this(workspaceName, ipAccessListsEnabled, ipAccessLists, clusterPolicies, clusters, occurredAt, 0);
    }

    public WorkspaceSecured {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
