package dev.bricklayer.security.clusters;

import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import reactor.core.publisher.Mono;

/** The Clusters API of one workspace, {@code /api/2.0/clusters/*}: one method per endpoint. */
public class ClustersClient {

    private final WebClient workspace;

    public ClustersClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.0/clusters/list}: the workspace's clusters. */
    public Mono<List<ClusterInfo>> list() {
        return workspace.get().uri("/api/2.0/clusters/list")
                .retrieve().bodyToMono(ListResponse.class)
                .map(ListResponse::clusters)
                .defaultIfEmpty(List.of());
    }

    /**
     * {@code POST /api/2.0/clusters/create} with a full create request ({@code cluster_name}, {@code policy_id},
     * {@code spark_version}, …); the new cluster's id. A spec that breaks its policy is refused by the service (400
     * {@code INVALID_PARAMETER_VALUE}, {@code Validation failed for …}).
     */
    public Mono<String> create(Map<String, Object> request) {
        return workspace.post().uri("/api/2.0/clusters/create")
                .bodyValue(request)
                .retrieve().bodyToMono(CreateResponse.class)
                .map(CreateResponse::clusterId);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResponse(@JsonProperty("clusters") List<ClusterInfo> clusters) {
        ListResponse {
            clusters = clusters == null ? List.of() : List.copyOf(clusters);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateResponse(@JsonProperty("cluster_id") String clusterId) {
    }
}
