package dev.bricklayer.security.policies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.events.workspace.ClusterPolicy;
import reactor.core.publisher.Mono;

/** The Cluster Policies API of one workspace, {@code /api/2.0/policies/clusters/*}: one method per endpoint. */
public class ClusterPoliciesClient {

    private final WebClient workspace;

    public ClusterPoliciesClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.0/policies/clusters/list}: every policy, the built-in ones included. */
    public Mono<List<PolicyInfo>> list() {
        return workspace.get().uri("/api/2.0/policies/clusters/list?sort_column=POLICY_NAME&sort_order=ASC")
                .retrieve().bodyToMono(ListResponse.class)
                .map(ListResponse::policies)
                .defaultIfEmpty(List.of());
    }

    /** {@code POST /api/2.0/policies/clusters/create}: the new policy's id. */
    public Mono<String> create(ClusterPolicy policy) {
        return workspace.post().uri("/api/2.0/policies/clusters/create")
                .bodyValue(body(policy))
                .retrieve().bodyToMono(CreateResponse.class)
                .map(CreateResponse::policyId);
    }

    /** {@code POST /api/2.0/policies/clusters/edit}: replaces name, definition, description and per-user limit. */
    public Mono<Void> edit(String policyId, ClusterPolicy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy_id", policyId);
        body.putAll(body(policy));
        return workspace.post().uri("/api/2.0/policies/clusters/edit")
                .bodyValue(body)
                .retrieve().toBodilessEntity().then();
    }

    private static Map<String, Object> body(ClusterPolicy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", policy.name());
        body.put("definition", policy.definition());
        if (policy.description() != null) {
            body.put("description", policy.description());
        }
        if (policy.maxClustersPerUser() != null) {
            body.put("max_clusters_per_user", policy.maxClustersPerUser());
        }
        return body;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResponse(@JsonProperty("policies") List<PolicyInfo> policies) {
        ListResponse {
            policies = policies == null ? List.of() : List.copyOf(policies);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateResponse(@JsonProperty("policy_id") String policyId) {
    }
}
