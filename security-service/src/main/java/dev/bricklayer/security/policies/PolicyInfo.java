package dev.bricklayer.security.policies;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A cluster policy as the API answers it ({@code Policy}).
 *
 * @param policyId           {@code policy_id}
 * @param name               {@code name}
 * @param definition         {@code definition}: a JSON document in a string
 * @param description        {@code description}
 * @param maxClustersPerUser {@code max_clusters_per_user}; {@code null} for no limit
 * @param isDefault          {@code is_default}: one of the built-in policies
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolicyInfo(
        @JsonProperty("policy_id") String policyId,
        @JsonProperty("name") String name,
        @JsonProperty("definition") String definition,
        @JsonProperty("description") String description,
        @JsonProperty("max_clusters_per_user") Long maxClustersPerUser,
        @JsonProperty("is_default") boolean isDefault) {
}
