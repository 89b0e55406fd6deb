package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Databricks workspace entitlements, spelled as SCIM {@code entitlements[].value}. */
public enum Entitlement {
    @JsonProperty("workspace-access") WORKSPACE_ACCESS,
    @JsonProperty("workspace-consume") WORKSPACE_CONSUME,
    @JsonProperty("databricks-sql-access") DATABRICKS_SQL_ACCESS,
    @JsonProperty("allow-cluster-create") ALLOW_CLUSTER_CREATE,
    @JsonProperty("allow-instance-pool-create") ALLOW_INSTANCE_POOL_CREATE
}
