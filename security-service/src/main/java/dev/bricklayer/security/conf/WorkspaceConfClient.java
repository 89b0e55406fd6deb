package dev.bricklayer.security.conf;

import java.util.HashMap;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;

/**
 * The workspace configuration API, {@code /api/2.0/workspace-conf}: a map of string values per key
 * ({@code enableIpAccessLists} is {@code "true"} or {@code "false"}; an unset key answers JSON {@code null}).
 */
public class WorkspaceConfClient {

    /** The key that makes IP access lists take effect. */
    public static final String ENABLE_IP_ACCESS_LISTS = "enableIpAccessLists";

    private static final ParameterizedTypeReference<Map<String, String>> STRING_MAP = new ParameterizedTypeReference<>() {
    };

    private final WebClient workspace;

    public WorkspaceConfClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.0/workspace-conf?keys=…}: the values of {@code keys}; an unset key maps to {@code null}. */
    public Mono<Map<String, String>> get(String... keys) {
        return workspace.get().uri(uri -> uri.path("/api/2.0/workspace-conf").queryParam("keys", String.join(",", keys)).build())
                .retrieve().bodyToMono(STRING_MAP)
                .map(HashMap::new)
                .map(values -> (Map<String, String>) values)
                .defaultIfEmpty(Map.of());
    }

    /** {@code PATCH /api/2.0/workspace-conf}: sets the given keys (string values). */
    public Mono<Void> set(Map<String, String> values) {
        return workspace.patch().uri("/api/2.0/workspace-conf")
                .bodyValue(values)
                .retrieve().toBodilessEntity().then();
    }
}
