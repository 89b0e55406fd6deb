package dev.bricklayer.token.tokens;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Mono;

/**
 * Token management ({@code /api/2.0/token-management/tokens}), the admin view of every personal access token of a
 * workspace. The list has no paging in the API (no page token, no limit): one call answers every token.
 */
public class TokenManagementClient {

    private final ApiClientFactory clients;

    public TokenManagementClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenList(@JsonProperty("token_infos") List<TokenInfo> tokenInfos) {
    }

    /** GET {@code /api/2.0/token-management/tokens}: every token of the workspace. */
    public Mono<List<TokenInfo>> list(WorkspaceTarget workspace) {
        return clients.workspace(workspace).get()
                .uri("/api/2.0/token-management/tokens")
                .retrieve().bodyToMono(TokenList.class)
                .map(TokenManagementClient::infos);
    }

    /** GET {@code /api/2.0/token-management/tokens?created_by_username=…}: the tokens one person created. */
    public Mono<List<TokenInfo>> listCreatedBy(WorkspaceTarget workspace, String userName) {
        return clients.workspace(workspace).get()
                .uri("/api/2.0/token-management/tokens?created_by_username={userName}", userName)
                .retrieve().bodyToMono(TokenList.class)
                .map(TokenManagementClient::infos);
    }

    /**
     * DELETE {@code /api/2.0/token-management/tokens/{id}}: revokes the token. Emits {@code true} when it was
     * revoked now, {@code false} when it no longer existed (404: revoked before, by anyone).
     */
    public Mono<Boolean> delete(WorkspaceTarget workspace, String tokenId) {
        return clients.workspace(workspace).delete()
                .uri("/api/2.0/token-management/tokens/{tokenId}", tokenId)
                .retrieve().toBodilessEntity()
                .thenReturn(true)
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.just(false) : Mono.error(e));
    }

    private static List<TokenInfo> infos(TokenList list) {
        return list == null || list.tokenInfos() == null ? List.of() : list.tokenInfos();
    }
}
