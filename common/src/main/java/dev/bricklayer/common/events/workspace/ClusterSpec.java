package dev.bricklayer.common.events.workspace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A desired cluster, created under a cluster policy.
 *
 * @param name       cluster name, unique in the workspace
 * @param policyName name of the {@link ClusterPolicy} the cluster is created under
 * @param spec       further Clusters API attributes, keyed as in its request body
 *                   ({@code spark_version}, {@code node_type_id}, {@code num_workers}, …)
 */
public record ClusterSpec(String name, String policyName, Map<String, Object> spec) {

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policyName, "policyName");
        // LinkedHashMap, not Map.copyOf: keeps the blueprint's order and tolerates JSON nulls
        spec = spec == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(spec));
    }
}
