package dev.bricklayer.emulator.workspace.compute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.AclStore;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.ObjectRegistry;
import reactor.core.publisher.Mono;

/**
 * Cluster policies, {@code /api/2.0/policies/clusters/{create,edit,delete,get,list}}: the definition is a JSON
 * document in a string, checked against the rule language before it is stored; names are unique; the built-in
 * default policies exist in every workspace and cannot be deleted. Only admins create, edit and delete.
 */
@Component
public class ClusterPoliciesApi implements WorkspaceApi {

    private static final String BASE = "/api/2.0/policies/clusters/";

    /** The built-in policies: name → policy family id. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("Personal Compute", "personal-vm");
        DEFAULTS.put("Power User Compute", "power-user");
        DEFAULTS.put("Shared Compute", "shared-compute");
        DEFAULTS.put("Job Compute", "job-cluster");
        DEFAULTS.put("Legacy Shared Compute", "shared-data-science");
    }

    private final ObjectMapper mapper;
    private final JsonBodies bodies;

    public ClusterPoliciesApi(ObjectMapper mapper, JsonBodies bodies) {
        this.mapper = mapper;
        this.bodies = bodies;
    }

    static ComputeStore store(EmulatedWorkspace workspace) {
        ComputeStore store = workspace.store(ComputeStore.class, ComputeStore::new);
        synchronized (store) {
            if (!store.defaultsCreated) {
                store.defaultsCreated = true;
                DEFAULTS.forEach((name, family) -> {
                    String id = policyId();
                    store.policies.put(id, new ComputeStore.Policy(id, name,
                            "{\"spark_conf.spark.databricks.cluster.profile\":{\"type\":\"forbidden\",\"hidden\":true}}",
                            "Built-in policy " + name, null, family, null, null, workspace.createdAt().toEpochMilli(),
                            null, true));
                    workspace.store(ObjectRegistry.class, ObjectRegistry::new).register("cluster-policies", id);
                });
            }
        }
        return store;
    }

    private static String policyId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(BASE + "create", request -> write(request, false))
                .POST(BASE + "edit", request -> write(request, true))
                .POST(BASE + "delete", this::delete)
                .GET(BASE + "get", this::get)
                .GET(BASE + "list", this::list)
                .build();
    }

    private Mono<ServerResponse> write(ServerRequest request, boolean edit) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = requireAdmin(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            ComputeStore store = store(workspace);
            synchronized (store) {
                ComputeStore.Policy current = null;
                if (edit) {
                    current = find(store, body.get("policy_id") == null ? null : body.get("policy_id").toString());
                }
                Object nameValue = body.get("name");
                if (!(nameValue instanceof String name) || name.isBlank() || name.length() > 100) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                            "Cluster policy name must be a non-empty string of at most 100 characters");
                }
                for (ComputeStore.Policy other : store.policies.values()) {
                    if (other.name().equalsIgnoreCase(name) && (current == null || !other.policyId().equals(current.policyId()))) {
                        throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                                "Cluster Policy with name `" + name + "` already exists");
                    }
                }
                String definition = body.get("definition") == null ? null : body.get("definition").toString();
                String family = body.get("policy_family_id") == null ? null : body.get("policy_family_id").toString();
                if (definition != null && family != null) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                            "policy_family_id cannot be combined with definition; use policy_family_definition_overrides");
                }
                if (current != null && current.isDefault() && family != null && !family.equals(current.policyFamilyId())) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Changing policy_family_id is forbidden "
                            + "for default cluster policies. Clone this policy to change the policy family.");
                }
                if (definition == null && family == null) {
                    definition = current != null ? current.definition() : "{}";
                }
                if (definition != null) {
                    List<String> problems = PolicyRules.validate(mapper, definition, null);
                    if (!problems.isEmpty()) {
                        throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                                "Invalid policy definition: " + String.join("; ", problems));
                    }
                }
                Long max = null;
                if (body.get("max_clusters_per_user") != null) {
                    if (!(body.get("max_clusters_per_user") instanceof Number number) || number.longValue() < 1) {
                        throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "max_clusters_per_user must be a positive integer");
                    }
                    max = number.longValue();
                }
                String id = current != null ? current.policyId() : policyId();
                ComputeStore.Policy policy = new ComputeStore.Policy(id, name, definition,
                        body.get("description") == null ? null : body.get("description").toString(), max, family,
                        body.get("policy_family_definition_overrides") == null ? null
                                : body.get("policy_family_definition_overrides").toString(),
                        body.get("libraries"), current != null ? current.createdAtTimestamp() : System.currentTimeMillis(),
                        current != null ? current.creatorUserName() : caller.name(), current != null && current.isDefault());
                store.policies.put(id, policy);
                workspace.store(ObjectRegistry.class, ObjectRegistry::new).register("cluster-policies", id);
                return edit ? JsonBodies.ok(Map.of()) : JsonBodies.ok(Map.of("policy_id", id));
            }
        });
    }

    private Mono<ServerResponse> delete(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        requireAdmin(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            ComputeStore store = store(workspace);
            synchronized (store) {
                ComputeStore.Policy policy = find(store, body.get("policy_id") == null ? null : body.get("policy_id").toString());
                if (policy.isDefault()) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Default cluster policies cannot be deleted");
                }
                store.policies.remove(policy.policyId());
                workspace.store(ObjectRegistry.class, ObjectRegistry::new).remove("cluster-policies", policy.policyId());
                workspace.store(AclStore.class, AclStore::new).forget("/cluster-policies/" + policy.policyId());
            }
            return JsonBodies.ok(Map.of());
        });
    }

    private Mono<ServerResponse> get(ServerRequest request) {
        ComputeStore store = store(EmulatedWorkspace.of(request));
        synchronized (store) {
            return JsonBodies.ok(json(find(store, request.queryParam("policy_id").orElse(null))));
        }
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        ComputeStore store = store(EmulatedWorkspace.of(request));
        List<ComputeStore.Policy> policies;
        synchronized (store) {
            policies = new ArrayList<>(store.policies.values());
        }
        String column = request.queryParam("sort_column").orElse("POLICY_CREATION_TIME");
        Comparator<ComputeStore.Policy> order = "POLICY_NAME".equals(column)
                ? Comparator.comparing(ComputeStore.Policy::name, String.CASE_INSENSITIVE_ORDER)
                : Comparator.comparingLong(ComputeStore.Policy::createdAtTimestamp);
        if ("DESC".equals(request.queryParam("sort_order").orElse("ASC"))) {
            order = order.reversed();
        }
        policies.sort(order);
        return JsonBodies.ok(Map.of("policies", policies.stream().map(ClusterPoliciesApi::json).toList()));
    }

    static ComputeStore.Policy find(ComputeStore store, String id) {
        if (id == null || id.isBlank()) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "policy_id is required");
        }
        ComputeStore.Policy policy = store.policies.get(id);
        if (policy == null) {
            throw EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "Cluster policy " + id + " does not exist");
        }
        return policy;
    }

    static Map<String, Object> json(ComputeStore.Policy policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("policy_id", policy.policyId());
        json.put("name", policy.name());
        if (policy.definition() != null) {
            json.put("definition", policy.definition());
        }
        if (policy.description() != null) {
            json.put("description", policy.description());
        }
        if (policy.maxClustersPerUser() != null) {
            json.put("max_clusters_per_user", policy.maxClustersPerUser());
        }
        if (policy.policyFamilyId() != null) {
            json.put("policy_family_id", policy.policyFamilyId());
        }
        if (policy.policyFamilyDefinitionOverrides() != null) {
            json.put("policy_family_definition_overrides", policy.policyFamilyDefinitionOverrides());
        }
        if (policy.libraries() != null) {
            json.put("libraries", policy.libraries());
        }
        json.put("created_at_timestamp", policy.createdAtTimestamp());
        if (policy.creatorUserName() != null) {
            json.put("creator_user_name", policy.creatorUserName());
        }
        json.put("is_default", policy.isDefault());
        return json;
    }

    private static Caller requireAdmin(ServerRequest request) {
        Caller caller = Caller.of(request);
        if (!caller.admin()) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only workspace admins can manage cluster policies");
        }
        return caller;
    }
}
