package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Object types of the Databricks Permissions API, spelled as the request path segment
 * ({@code /api/2.0/permissions/{type}/{id}}).
 */
public enum PermissionObjectType {
    @JsonProperty("clusters") CLUSTERS,
    @JsonProperty("cluster-policies") CLUSTER_POLICIES,
    @JsonProperty("instance-pools") INSTANCE_POOLS,
    @JsonProperty("jobs") JOBS,
    @JsonProperty("pipelines") PIPELINES,
    @JsonProperty("notebooks") NOTEBOOKS,
    @JsonProperty("directories") DIRECTORIES,
    @JsonProperty("registered-models") REGISTERED_MODELS,
    @JsonProperty("experiments") EXPERIMENTS,
    /** The workspace-wide token usage object; its id is the literal {@code tokens}. */
    @JsonProperty("authorization/tokens") TOKENS,
    /** The workspace-wide password usage object; its id is the literal {@code passwords}. */
    @JsonProperty("authorization/passwords") PASSWORDS,
    @JsonProperty("sql/warehouses") SQL_WAREHOUSES,
    @JsonProperty("serving-endpoints") SERVING_ENDPOINTS
}
