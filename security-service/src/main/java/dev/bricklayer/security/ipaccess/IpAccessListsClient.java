package dev.bricklayer.security.ipaccess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiException;
import reactor.core.publisher.Mono;

/**
 * The IP Access Lists API of one workspace, {@code /api/2.0/ip-access-lists}: one method per endpoint, through the
 * common HTTP stack (AAD token, pacing, retry, write-ahead audit, errors as {@link ApiException}).
 */
public class IpAccessListsClient {

    private final WebClient workspace;

    public IpAccessListsClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.0/ip-access-lists}: every list of the workspace. */
    public Mono<List<IpAccessListInfo>> list() {
        return workspace.get().uri("/api/2.0/ip-access-lists")
                .retrieve().bodyToMono(ListResponse.class)
                .map(ListResponse::lists)
                .defaultIfEmpty(List.of());
    }

    /** {@code POST /api/2.0/ip-access-lists}: a new (enabled) list. */
    public Mono<IpAccessListInfo> create(String label, String listType, List<String> addresses) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", label);
        body.put("list_type", listType);
        body.put("ip_addresses", addresses);
        return workspace.post().uri("/api/2.0/ip-access-lists")
                .bodyValue(body)
                .retrieve().bodyToMono(OneResponse.class)
                .map(OneResponse::list);
    }

    /**
     * {@code PATCH /api/2.0/ip-access-lists/{id}}: changes only the fields given ({@code null} leaves one as it is).
     * The answer's body is not relied on (SDKs ignore it).
     */
    public Mono<Void> update(String listId, List<String> addresses, Boolean enabled) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (addresses != null) {
            body.put("ip_addresses", addresses);
        }
        if (enabled != null) {
            body.put("enabled", enabled);
        }
        return workspace.patch().uri("/api/2.0/ip-access-lists/{id}", listId)
                .bodyValue(body)
                .retrieve().toBodilessEntity().then();
    }

    /** {@code DELETE /api/2.0/ip-access-lists/{id}}; a list that is already gone (404) counts as deleted. */
    public Mono<Void> delete(String listId) {
        return workspace.delete().uri("/api/2.0/ip-access-lists/{id}", listId)
                .retrieve().toBodilessEntity().then()
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.empty() : Mono.error(e));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResponse(@JsonProperty("ip_access_lists") List<IpAccessListInfo> lists) {
        ListResponse {
            lists = lists == null ? List.of() : List.copyOf(lists);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OneResponse(@JsonProperty("ip_access_list") IpAccessListInfo list) {
    }
}
