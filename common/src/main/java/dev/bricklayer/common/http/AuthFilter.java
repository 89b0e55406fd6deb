package dev.bricklayer.common.http;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/**
 * Authenticates each attempt (innermost, so a retry after a long wait gets a fresh token): an AAD bearer
 * token for the target's scope, or a PAT; on AAD calls to a workspace also the two Azure headers that let a
 * service principal with Contributor on the workspace in before it has been added to it.
 */
final class AuthFilter implements ExchangeFilterFunction {

    static final String SP_MANAGEMENT_TOKEN = "X-Databricks-Azure-SP-Management-Token";
    static final String WORKSPACE_RESOURCE_ID = "X-Databricks-Azure-Workspace-Resource-Id";

    private final AccessTokenSource tokens;
    private final String scope;
    private final String patValue;
    private final String workspaceResourceId;

    private AuthFilter(AccessTokenSource tokens, String scope, String patValue, String workspaceResourceId) {
        this.tokens = tokens;
        this.scope = scope;
        this.patValue = patValue;
        this.workspaceResourceId = workspaceResourceId;
    }

    static AuthFilter arm(AccessTokenSource tokens) {
        return new AuthFilter(tokens, AccessTokenSource.ARM_SCOPE, null, null);
    }

    /** The Azure Databricks account host: an Entra ID token for Azure Databricks (never a PAT, reference §7.1). */
    static AuthFilter account(AccessTokenSource tokens) {
        return new AuthFilter(tokens, AccessTokenSource.DATABRICKS_SCOPE, null, null);
    }

    static AuthFilter workspace(AccessTokenSource tokens, WorkspaceTarget target, boolean azureSpHeaders) {
        if (target.credentials().isPat()) {
            return new AuthFilter(null, null, target.credentials().patValue(), null);
        }
        String resourceId = azureSpHeaders ? target.azureResourceId() : null;
        return new AuthFilter(tokens, AccessTokenSource.DATABRICKS_SCOPE, null, resourceId);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (patValue != null) {
            return next.exchange(withHeader(request, HttpHeaders.AUTHORIZATION, "Bearer " + patValue));
        }
        Mono<ClientRequest> authenticated = tokens.token(scope)
                .map(token -> withHeader(request, HttpHeaders.AUTHORIZATION, "Bearer " + token));
        if (workspaceResourceId != null) {
            authenticated = authenticated.flatMap(req -> tokens.token(AccessTokenSource.SERVICE_MANAGEMENT_SCOPE)
                    .map(management -> ClientRequest.from(req)
                            .header(SP_MANAGEMENT_TOKEN, management)
                            .header(WORKSPACE_RESOURCE_ID, workspaceResourceId)
                            .build()));
        }
        return authenticated.flatMap(next::exchange);
    }

    private static ClientRequest withHeader(ClientRequest request, String name, String value) {
        return ClientRequest.from(request).headers(headers -> headers.set(name, value)).build();
    }
}
