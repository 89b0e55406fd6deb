package dev.bricklayer.common.events.workspace;

import java.util.Objects;

/**
 * A desired cluster policy.
 *
 * @param name               policy name, unique in the workspace
 * @param definition         the policy definition as the JSON string the Cluster Policies API takes
 * @param description        optional description
 * @param maxClustersPerUser optional limit of clusters per user under this policy; {@code null} for none
 */
public record ClusterPolicy(String name, String definition, String description, Integer maxClustersPerUser) {

    public ClusterPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
    }
}
