package dev.bricklayer.security.clusters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;

/**
 * Plans the clusters of a workspace by name: an existing cluster of that name is adopted as it is; a missing one is
 * created from its spec under its policy's id (with the policy's default values applied). The policy is the one the
 * same pass just created or found, so the id is looked up when the cluster is created.
 */
public final class ClusterReconciler {

    public static final String OBJECT = "cluster";
    public static final String STEP = "clusters";

    private final ObjectMapper mapper;

    public ClusterReconciler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Fills adopted clusters into {@code context}, and plans the creates on {@code client}. */
    public List<Change> plan(List<ClusterSpec> desired, List<ClusterInfo> actual, ClustersClient client,
                             ApplyContext context) {
        List<Change> changes = new ArrayList<>();
        for (ClusterSpec cluster : desired) {
            Optional<ClusterInfo> existing = actual.stream().filter(c -> cluster.name().equals(c.clusterName())).findFirst();
            if (existing.isPresent()) {
                context.cluster(cluster.name(), existing.get().clusterId(), existing.get().policyId());
                continue;
            }
            changes.add(new Change(STEP, List.of(new DriftEntry(OBJECT, cluster.name(), "*", describe(cluster), null)), ctx -> {
                String policyId = ctx.policyId(cluster.policyName());
                if (policyId == null) {
                    throw new IllegalStateException("policy '" + cluster.policyName() + "' of cluster '" + cluster.name()
                            + "' does not exist in the workspace");
                }
                String clusterId = ctx.await(client.create(request(cluster, policyId)));
                ctx.cluster(cluster.name(), clusterId, policyId);
            }));
        }
        return changes;
    }

    /** The create request: the spec, then the name and policy of the desired state (they win over the spec's own). */
    static Map<String, Object> request(ClusterSpec cluster, String policyId) {
        Map<String, Object> request = new LinkedHashMap<>(cluster.spec());
        request.put("cluster_name", cluster.name());
        request.put("policy_id", policyId);
        request.putIfAbsent("apply_policy_default_values", true);
        return request;
    }

    private String describe(ClusterSpec cluster) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("policy", cluster.policyName());
        shown.putAll(new java.util.TreeMap<>(cluster.spec())); // one order, whatever order the spec was stored in
        try {
            return mapper.writeValueAsString(shown);
        } catch (JsonProcessingException e) {
            return shown.toString();
        }
    }
}
