package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a workspace's people and groups live (reference §7, ARCHITECTURE §2.2a).
 */
public enum IdentityScope {
    /**
     * Identity-federated (Unity Catalog): people are account users, groups are account groups assigned to the
     * workspace with a permission, data access is Unity Catalog privileges on those groups. The default for new
     * workspaces.
     */
    @JsonProperty("account") ACCOUNT,
    /** The 2021 model: workspace SCIM users and workspace-local groups. Kept for the workspaces that use it. */
    @JsonProperty("workspace") WORKSPACE
}
