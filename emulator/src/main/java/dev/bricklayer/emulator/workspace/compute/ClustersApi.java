package dev.bricklayer.emulator.workspace.compute;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.AclStore;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.emulator.workspace.ObjectRegistry;
import reactor.core.publisher.Mono;

/**
 * Clusters, {@code /api/2.0/clusters/{create,edit,get,list,delete,permanent-delete,start,restart}} (and the same
 * under {@code /api/2.1}), with a state
 * machine (PENDING → RUNNING after {@code emulator.cluster-start-duration}; TERMINATING → TERMINATED) and the
 * cluster policy applied on create and edit: defaults filled in, every broken rule named in one 400
 * {@code INVALID_PARAMETER_VALUE}. Non-admins need {@code CAN_USE} on the policy, or the
 * {@code allow-cluster-create} entitlement to create without one.
 */
@Component
public class ClustersApi implements WorkspaceApi {

    private static final String BASE = "/api/2.0/clusters/";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> EDITABLE_STATES = Set.of("RUNNING", "TERMINATED");

    private final ObjectMapper mapper;
    private final JsonBodies bodies;
    private final Duration startDuration;

    public ClustersApi(ObjectMapper mapper, JsonBodies bodies, EmulatorProperties properties) {
        this.mapper = mapper;
        this.bodies = bodies;
        this.startDuration = properties.clusterStartDuration();
    }

    /** The clusters API is served under 2.0 and 2.1 (the Java SDK 0.141 calls 2.1). */
    @Override
    public RouterFunction<ServerResponse> routes() {
        return routes(BASE).and(routes("/api/2.1/clusters/"));
    }

    private RouterFunction<ServerResponse> routes(String base) {
        return RouterFunctions.route()
                .POST(base + "create", request -> body(request).flatMap(body -> create(request, body)))
                .POST(base + "edit", request -> body(request).flatMap(body -> edit(request, body)))
                .GET(base + "get", request -> get(request, request.queryParam("cluster_id").orElse(null)))
                .GET(base + "list", this::list)
                .POST(base + "delete", request -> body(request).flatMap(body -> lifecycle(request, body, "delete")))
                .POST(base + "permanent-delete", request -> body(request).flatMap(body -> lifecycle(request, body, "permanent-delete")))
                .POST(base + "start", request -> body(request).flatMap(body -> lifecycle(request, body, "start")))
                .POST(base + "restart", request -> body(request).flatMap(body -> lifecycle(request, body, "restart")))
                .build();
    }

    private Mono<ObjectNode> body(ServerRequest request) {
        return bodies.object(request, JsonBodies.Format.DATABRICKS);
    }

    private Mono<ServerResponse> create(ServerRequest request, ObjectNode spec) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        ComputeStore store = ClusterPoliciesApi.store(workspace);
        String clusterId;
        synchronized (store) {
            ObjectNode checked = checkSpec(workspace, store, caller, spec.deepCopy(), null);
            clusterId = newClusterId();
            ComputeStore.Cluster cluster = new ComputeStore.Cluster(clusterId, checked, caller.name(), caller.id());
            cluster.startTime = System.currentTimeMillis();
            cluster.transition("PENDING", "Finding instances for new nodes, acquiring more instances if necessary", "RUNNING", startDuration);
            store.clusters.put(clusterId, cluster);
        }
        workspace.store(ObjectRegistry.class, ObjectRegistry::new).register("clusters", clusterId);
        if (!caller.admin()) {
            String key = caller.kind() == Caller.Kind.USER ? AclStore.userKey(caller.name()) : AclStore.servicePrincipalKey(caller.name());
            workspace.store(AclStore.class, AclStore::new).merge("/clusters/" + clusterId, Map.of(key, "CAN_MANAGE"));
        }
        return JsonBodies.ok(Map.of("cluster_id", clusterId));
    }

    private Mono<ServerResponse> edit(ServerRequest request, ObjectNode spec) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        ComputeStore store = ClusterPoliciesApi.store(workspace);
        synchronized (store) {
            ComputeStore.Cluster cluster = find(store, spec.path("cluster_id").asText(null));
            requireClusterPermission(workspace, caller, cluster, Set.of("CAN_MANAGE"));
            if (!EDITABLE_STATES.contains(cluster.state)) {
                throw EmulatorException.databricks(400, "INVALID_STATE", "Cluster " + cluster.clusterId + " is in unexpected state "
                        + cluster.state + ".");
            }
            ObjectNode edited = spec.deepCopy();
            edited.remove("cluster_id");
            cluster.spec = checkSpec(workspace, store, caller, edited, cluster);
            if ("RUNNING".equals(cluster.state)) {
                cluster.transition("RESTARTING", "Restarting with the new configuration", "RUNNING", startDuration);
            }
        }
        return JsonBodies.ok(Map.of());
    }

    /** Validates a spec, applies its policy, checks permission and the policy's per-user limit; the spec to store. */
    private ObjectNode checkSpec(EmulatedWorkspace workspace, ComputeStore store, Caller caller, ObjectNode spec,
                                 ComputeStore.Cluster existing) {
        String policyId = spec.path("policy_id").asText(null);
        List<String> problems = new ArrayList<>();
        if (policyId != null) {
            ComputeStore.Policy policy = ClusterPoliciesApi.find(store, policyId);
            if (!workspace.store(AclStore.class, AclStore::new).allows(workspace, caller, "/cluster-policies/" + policyId, Set.of("CAN_USE"))) {
                throw EmulatorException.databricks(403, "PERMISSION_DENIED", caller.name() + " does not have CAN_USE on cluster policy "
                        + policyId);
            }
            if (policy.definition() != null) {
                problems.addAll(PolicyRules.apply(mapper, PolicyRules.parse(mapper, policy.definition()), spec, "all-purpose"));
            }
            if (policy.maxClustersPerUser() != null && existing == null) {
                long mine = store.clusters.values().stream()
                        .filter(c -> c.creatorId.equals(caller.id()) && policyId.equals(c.spec.path("policy_id").asText(null)))
                        .count();
                if (mine >= policy.maxClustersPerUser()) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Cluster policy " + policy.name()
                            + " allows at most " + policy.maxClustersPerUser() + " clusters per user");
                }
            }
        } else if (!caller.admin() && !hasEntitlement(workspace.identities(), caller.id(), "allow-cluster-create")) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", caller.name()
                    + " is not allowed to create clusters without a policy (missing entitlement allow-cluster-create)");
        }
        if (!spec.hasNonNull("spark_version")) {
            problems.add("spark_version is required");
        }
        if (!spec.hasNonNull("node_type_id") && !spec.hasNonNull("instance_pool_id")) {
            problems.add("node_type_id or instance_pool_id is required");
        }
        if (spec.has("num_workers") && spec.has("autoscale")) {
            problems.add("only one of num_workers and autoscale may be given");
        }
        JsonNode autoscale = spec.get("autoscale");
        if (autoscale != null && autoscale.path("min_workers").asInt(0) > autoscale.path("max_workers").asInt(0)) {
            problems.add("autoscale.min_workers must not exceed autoscale.max_workers");
        }
        if (!problems.isEmpty()) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", String.join("; ", problems));
        }
        if (!spec.has("num_workers") && !spec.has("autoscale")) {
            spec.put("num_workers", 0);
        }
        return spec;
    }

    private static boolean hasEntitlement(IdentityStore identities, String principalId, String entitlement) {
        List<String> holders = new ArrayList<>(identities.allGroupsOf(principalId));
        holders.add(principalId);
        for (String id : holders) {
            JsonNode principal = identities.principal(id).orElse(null);
            if (principal != null) {
                for (JsonNode value : principal.path("entitlements")) {
                    if (entitlement.equals(value.path("value").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Mono<ServerResponse> get(ServerRequest request, String clusterId) {
        ComputeStore store = ClusterPoliciesApi.store(EmulatedWorkspace.of(request));
        synchronized (store) {
            return JsonBodies.ok(json(EmulatedWorkspace.of(request), find(store, clusterId)));
        }
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        ComputeStore store = ClusterPoliciesApi.store(workspace);
        synchronized (store) {
            return JsonBodies.ok(Map.of("clusters",
                    store.clusters.values().stream().map(c -> json(workspace, c)).toList()));
        }
    }

    private Mono<ServerResponse> lifecycle(ServerRequest request, ObjectNode body, String action) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        ComputeStore store = ClusterPoliciesApi.store(workspace);
        synchronized (store) {
            ComputeStore.Cluster cluster = find(store, body.path("cluster_id").asText(null));
            requireClusterPermission(workspace, caller, cluster, action.equals("start") || action.equals("restart")
                    ? Set.of("CAN_RESTART", "CAN_MANAGE") : Set.of("CAN_MANAGE"));
            switch (action) {
                case "delete" -> {
                    if (!"TERMINATED".equals(cluster.state) && !"TERMINATING".equals(cluster.state)) {
                        cluster.transition("TERMINATING", "Terminating the cluster", "TERMINATED", Duration.ofMillis(startDuration.toMillis() / 2));
                    }
                }
                case "permanent-delete" -> {
                    store.clusters.remove(cluster.clusterId);
                    workspace.store(ObjectRegistry.class, ObjectRegistry::new).remove("clusters", cluster.clusterId);
                    workspace.store(AclStore.class, AclStore::new).forget("/clusters/" + cluster.clusterId);
                }
                case "start" -> {
                    if (!"TERMINATED".equals(cluster.state)) {
                        throw EmulatorException.databricks(400, "INVALID_STATE", "Cluster " + cluster.clusterId
                                + " is in unexpected state " + cluster.state + ".");
                    }
                    cluster.startTime = System.currentTimeMillis();
                    cluster.transition("PENDING", "Starting the cluster", "RUNNING", startDuration);
                }
                default -> {
                    if (!"RUNNING".equals(cluster.state)) {
                        throw EmulatorException.databricks(400, "INVALID_STATE", "Cluster " + cluster.clusterId
                                + " is in unexpected state " + cluster.state + ".");
                    }
                    cluster.transition("RESTARTING", "Restarting the cluster", "RUNNING", startDuration);
                }
            }
        }
        return JsonBodies.ok(Map.of());
    }

    private static void requireClusterPermission(EmulatedWorkspace workspace, Caller caller, ComputeStore.Cluster cluster,
                                                 Set<String> levels) {
        if (!workspace.store(AclStore.class, AclStore::new).allows(workspace, caller, "/clusters/" + cluster.clusterId, levels)) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", caller.name() + " does not have " + levels
                    + " on cluster " + cluster.clusterId);
        }
    }

    private static ComputeStore.Cluster find(ComputeStore store, String clusterId) {
        if (clusterId == null || clusterId.isBlank()) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "cluster_id is required");
        }
        ComputeStore.Cluster cluster = store.clusters.get(clusterId);
        if (cluster == null) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Cluster " + clusterId + " does not exist");
        }
        cluster.advance();
        return cluster;
    }

    private ObjectNode json(EmulatedWorkspace workspace, ComputeStore.Cluster cluster) {
        cluster.advance();
        ObjectNode json = cluster.spec.deepCopy();
        json.put("cluster_id", cluster.clusterId);
        json.put("creator_user_name", cluster.creatorUserName);
        json.put("state", cluster.state);
        json.put("state_message", cluster.stateMessage);
        json.put("start_time", cluster.startTime);
        if (cluster.terminatedTime > 0) {
            json.put("terminated_time", cluster.terminatedTime);
        }
        json.put("cluster_source", "API");
        if (!json.has("driver_node_type_id") && json.has("node_type_id")) {
            json.put("driver_node_type_id", json.get("node_type_id").asText());
        }
        ObjectNode tags = json.putObject("default_tags");
        tags.put("Vendor", "Databricks");
        tags.put("Creator", cluster.creatorUserName);
        tags.put("ClusterName", json.path("cluster_name").asText(""));
        tags.put("ClusterId", cluster.clusterId);
        return json;
    }

    private static String newClusterId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return String.format("%04d-%06d-%s", RANDOM.nextInt(10_000), RANDOM.nextInt(1_000_000), suffix);
    }
}
