package dev.bricklayer.security.clusters;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A cluster as {@code clusters/list} answers it (the fields security-service reads).
 *
 * @param clusterId   {@code cluster_id}
 * @param clusterName {@code cluster_name}
 * @param policyId    {@code policy_id}; {@code null} when the cluster runs without a policy
 * @param state       {@code state}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterInfo(
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("cluster_name") String clusterName,
        @JsonProperty("policy_id") String policyId,
        @JsonProperty("state") String state) {
}
