package dev.bricklayer.token.tokens;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Mono;

/**
 * The Token API ({@code /api/2.0/token/*}): tokens of the caller, here the platform's service principal. Only the
 * token's id is read from a creation's answer; the value is never bound to any object of this service.
 */
public class TokensClient {

    private final ApiClientFactory clients;

    public TokensClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** The part of {@code {"token_value": …, "token_info": …}} this service reads: not the value. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(@JsonProperty("token_info") TokenInfo tokenInfo) {
    }

    /** POST {@code /api/2.0/token/create}: a token of the caller; emits its id. */
    public Mono<String> create(WorkspaceTarget workspace, long lifetimeSeconds, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lifetime_seconds", lifetimeSeconds);
        body.put("comment", comment);
        return clients.workspace(workspace).post()
                .uri("/api/2.0/token/create")
                .bodyValue(body)
                .retrieve().bodyToMono(Created.class)
                .map(created -> created.tokenInfo().tokenId());
    }

    /** POST {@code /api/2.0/token/delete}: revokes one of the caller's tokens; {@code false} when it did not exist. */
    public Mono<Boolean> delete(WorkspaceTarget workspace, String tokenId) {
        return clients.workspace(workspace).post()
                .uri("/api/2.0/token/delete")
                .bodyValue(Map.of("token_id", tokenId))
                .retrieve().toBodilessEntity()
                .thenReturn(true)
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.just(false) : Mono.error(e));
    }
}
