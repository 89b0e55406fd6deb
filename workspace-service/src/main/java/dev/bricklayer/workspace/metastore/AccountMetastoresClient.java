package dev.bricklayer.workspace.metastore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.RequestAttributes;
import reactor.core.publisher.Mono;

/**
 * The account API's metastores and metastore assignments (reference §7.4), on the account host through the common HTTP
 * stack ({@link ApiClientFactory#account()}: Entra ID token of the platform's app, an account admin; pacing, retry,
 * write-ahead audit as API {@code account}). One method per endpoint, the path in the method; bodies wrapped in
 * {@code metastore_assignment} as the account API takes them.
 */
public class AccountMetastoresClient {

    private final ApiClientFactory clients;

    public AccountMetastoresClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code GET /api/2.0/accounts/{account}/workspaces/{workspace}/metastore}: the assignment; empty on 404 (none). */
    public Mono<Optional<Assignment>> assignment(String workspaceId, String workspaceName) {
        return account().get().uri("/api/2.0/accounts/{account}/workspaces/{workspace}/metastore", clients.accountId(), workspaceId)
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .retrieve().bodyToMono(AssignmentResponse.class)
                .map(response -> Optional.ofNullable(response.assignment()))
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.just(Optional.empty()) : Mono.error(e));
    }

    /** {@code GET /api/2.0/accounts/{account}/metastores}: every metastore of the account (the API does not page). */
    public Mono<List<Metastore>> list(String workspaceName) {
        return account().get().uri("/api/2.0/accounts/{account}/metastores", clients.accountId())
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .retrieve().bodyToMono(MetastoresResponse.class)
                .map(MetastoresResponse::metastores)
                .defaultIfEmpty(List.of());
    }

    /**
     * {@code POST /api/2.0/accounts/{account}/workspaces/{workspace}/metastores/{metastore}} with
     * {@code {"metastore_assignment": {"metastore_id", "default_catalog_name"}}} (an empty default catalog: the
     * metastore's, as the SDKs send it); answers {@code {}}.
     */
    public Mono<Void> assign(String workspaceId, String metastoreId, String defaultCatalog, String workspaceName) {
        Map<String, Object> assignment = new LinkedHashMap<>();
        assignment.put("metastore_id", metastoreId);
        assignment.put("default_catalog_name", defaultCatalog == null ? "" : defaultCatalog);
        return account().post().uri("/api/2.0/accounts/{account}/workspaces/{workspace}/metastores/{metastore}", clients.accountId(),
                        workspaceId, metastoreId)
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .bodyValue(Map.of("metastore_assignment", assignment))
                .retrieve().toBodilessEntity().then();
    }

    /**
     * {@code PUT /api/2.0/accounts/{account}/workspaces/{workspace}/metastores/{metastore}} with
     * {@code {"metastore_assignment": {"default_catalog_name"}}} ("Currently, only the default catalog may be updated").
     */
    public Mono<Void> updateDefaultCatalog(String workspaceId, String metastoreId, String defaultCatalog, String workspaceName) {
        return account().put().uri("/api/2.0/accounts/{account}/workspaces/{workspace}/metastores/{metastore}", clients.accountId(),
                        workspaceId, metastoreId)
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .bodyValue(Map.of("metastore_assignment", Map.of("default_catalog_name", defaultCatalog)))
                .retrieve().toBodilessEntity().then();
    }

    private WebClient account() {
        return clients.account();
    }

    /** A workspace's metastore assignment. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Assignment(@JsonProperty("workspace_id") Long workspaceId, @JsonProperty("metastore_id") String metastoreId,
                             @JsonProperty("default_catalog_name") String defaultCatalogName) {
    }

    /** A metastore of the account, as far as the assignment needs it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metastore(@JsonProperty("metastore_id") String metastoreId, @JsonProperty("name") String name,
                            @JsonProperty("region") String region) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AssignmentResponse(@JsonProperty("metastore_assignment") Assignment assignment) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MetastoresResponse(@JsonProperty("metastores") List<Metastore> metastores) {
        MetastoresResponse {
            metastores = metastores == null ? List.of() : List.copyOf(metastores);
        }
    }
}
