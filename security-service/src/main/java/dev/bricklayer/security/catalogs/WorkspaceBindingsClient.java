package dev.bricklayer.security.catalogs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import reactor.core.publisher.Mono;

/**
 * Workspace bindings of catalogs on one workspace host, the current API {@code /api/2.1/unity-catalog/bindings/catalog/{name}}
 * (reference §7.8.5; not the deprecated {@code workspace-bindings}, which knows no read-only binding).
 */
public class WorkspaceBindingsClient {

    private final WebClient workspace;

    public WorkspaceBindingsClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.1/unity-catalog/bindings/catalog/{name}}: workspace id → binding type. */
    public Mono<Map<Long, String>> get(String catalog) {
        return workspace.get().uri("/api/2.1/unity-catalog/bindings/catalog/{name}", catalog)
                .retrieve().bodyToMono(Bindings.class)
                .map(Bindings::byWorkspace)
                .defaultIfEmpty(Map.of());
    }

    /**
     * {@code PATCH /api/2.1/unity-catalog/bindings/catalog/{name}} with {@code {"add": [{"workspace_id", "binding_type"}]}}:
     * binds the workspace, or changes its binding type ("re-adding a workspace with another binding_type updates it");
     * the other workspaces' bindings are left as they are.
     */
    public Mono<Void> bind(String catalog, long workspaceId, String bindingType) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("workspace_id", workspaceId);
        binding.put("binding_type", bindingType);
        return workspace.patch().uri("/api/2.1/unity-catalog/bindings/catalog/{name}", catalog)
                .bodyValue(Map.of("add", List.of(binding)))
                .retrieve().toBodilessEntity().then();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Binding(@JsonProperty("workspace_id") long workspaceId, @JsonProperty("binding_type") String bindingType) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bindings(@JsonProperty("bindings") List<Binding> bindings) {
        Map<Long, String> byWorkspace() {
            Map<Long, String> map = new LinkedHashMap<>();
            if (bindings != null) {
                bindings.forEach(b -> map.put(b.workspaceId(), b.bindingType() == null ? "BINDING_TYPE_READ_WRITE" : b.bindingType()));
            }
            return map;
        }
    }
}
