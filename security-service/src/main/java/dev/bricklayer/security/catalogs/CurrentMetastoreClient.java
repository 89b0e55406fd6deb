package dev.bricklayer.security.catalogs;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import reactor.core.publisher.Mono;

/**
 * The workspace's metastore assignment as the workspace sees it, {@code /api/2.1/unity-catalog/current-metastore-assignment}
 * (reference §7.8.1): the metastore the catalogs are in and the workspace id bindings name, read as Terraform's catalog
 * resource reads them. No metastore: 404 {@code METASTORE_DOES_NOT_EXIST}; Standard tier: 404 {@code FEATURE_DISABLED}.
 */
public class CurrentMetastoreClient {

    private final WebClient workspace;

    public CurrentMetastoreClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.1/unity-catalog/current-metastore-assignment} (unwrapped, unlike the account API's). */
    public Mono<Assignment> get() {
        return workspace.get().uri("/api/2.1/unity-catalog/current-metastore-assignment")
                .retrieve().bodyToMono(Assignment.class);
    }

    /** The assignment: {@code workspace_id}, {@code metastore_id}, {@code default_catalog_name}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Assignment(@JsonProperty("workspace_id") long workspaceId, @JsonProperty("metastore_id") String metastoreId,
                             @JsonProperty("default_catalog_name") String defaultCatalogName) {
    }
}
