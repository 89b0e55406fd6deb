package dev.bricklayer.token.databricks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Mono;

/** Workspace settings ({@code /api/2.0/workspace-conf}): string values per key; an unset key reads as {@code null}. */
public class WorkspaceConfClient {

    /** PATs enabled ({@code "true"}/{@code "false"}). */
    public static final String ENABLE_TOKENS = "enableTokensConfig";
    /** Longest lifetime of a new token in days ({@code "1"}–{@code "730"}). */
    public static final String MAX_TOKEN_LIFETIME_DAYS = "maxTokenLifetimeDays";

    private static final ParameterizedTypeReference<Map<String, String>> MAP = new ParameterizedTypeReference<>() {
    };

    private final ApiClientFactory clients;

    public WorkspaceConfClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** GET {@code /api/2.0/workspace-conf?keys=…}. */
    public Mono<Map<String, String>> get(WorkspaceTarget workspace, List<String> keys) {
        return clients.workspace(workspace).get()
                .uri("/api/2.0/workspace-conf?keys={keys}", String.join(",", keys))
                .retrieve().bodyToMono(MAP)
                .map(values -> new LinkedHashMap<>(values))
                .defaultIfEmpty(new LinkedHashMap<>())
                .map(values -> (Map<String, String>) values);
    }

    /** PATCH {@code /api/2.0/workspace-conf} with the given values (an empty answer). */
    public Mono<Void> patch(WorkspaceTarget workspace, Map<String, String> values) {
        return clients.workspace(workspace).patch()
                .uri("/api/2.0/workspace-conf")
                .bodyValue(values)
                .retrieve().toBodilessEntity().then();
    }
}
