package dev.bricklayer.common.workspaceconf;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Mono;

/**
 * A workspace's settings, {@code /api/2.0/workspace-conf}: string values per key ({@code "true"}/{@code "false"},
 * numbers as text); an unset key answers JSON {@code null}. Shared by the services that each own some of the keys
 * (security-service {@value #ENABLE_IP_ACCESS_LISTS}; token-service {@value #ENABLE_TOKENS} and
 * {@value #MAX_TOKEN_LIFETIME_DAYS}); calls go through the common HTTP stack.
 */
public class WorkspaceConfClient {

    /** IP access lists take effect ({@code "true"}/{@code "false"}). */
    public static final String ENABLE_IP_ACCESS_LISTS = "enableIpAccessLists";
    /** PATs enabled ({@code "true"}/{@code "false"}). */
    public static final String ENABLE_TOKENS = "enableTokensConfig";
    /** Longest lifetime of a new token in days ({@code "1"}–{@code "730"}). */
    public static final String MAX_TOKEN_LIFETIME_DAYS = "maxTokenLifetimeDays";

    private static final ParameterizedTypeReference<Map<String, String>> STRING_MAP = new ParameterizedTypeReference<>() {
    };

    private final Function<WorkspaceTarget, WebClient> clients;

    public WorkspaceConfClient(ApiClientFactory clients) {
        this(clients::workspace);
    }

    /** Over another source of workspace clients (a test's recording client, for one). */
    public WorkspaceConfClient(Function<WorkspaceTarget, WebClient> clients) {
        this.clients = clients;
    }

    /** {@code GET /api/2.0/workspace-conf?keys=…}: the values of {@code keys}; an unset key maps to {@code null}. */
    public Mono<Map<String, String>> get(WorkspaceTarget workspace, Collection<String> keys) {
        return clients.apply(workspace).get()
                .uri(uri -> uri.path("/api/2.0/workspace-conf").queryParam("keys", String.join(",", keys)).build())
                .retrieve().bodyToMono(STRING_MAP)
                .map(values -> (Map<String, String>) new HashMap<>(values))
                .defaultIfEmpty(new HashMap<>());
    }

    /** {@code PATCH /api/2.0/workspace-conf}: sets the given keys (an empty answer). */
    public Mono<Void> patch(WorkspaceTarget workspace, Map<String, String> values) {
        return clients.apply(workspace).patch().uri("/api/2.0/workspace-conf")
                .bodyValue(values)
                .retrieve().toBodilessEntity().then();
    }
}
