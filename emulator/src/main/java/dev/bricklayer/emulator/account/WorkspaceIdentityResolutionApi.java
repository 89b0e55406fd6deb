package dev.bricklayer.emulator.account;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import reactor.core.publisher.Mono;

/**
 * The workspace host's proxies of automatic identity management (reference §7.5), for workspace admins:
 * {@code POST /api/2.0/identity/{users,groups,service-principals}/resolve-by-external-id}, resolved in the workspace's
 * account as {@link IdentityResolution} does.
 */
@Component
class WorkspaceIdentityResolutionApi implements WorkspaceApi {

    private final IdentityResolution resolution;
    private final Federation federation;

    WorkspaceIdentityResolutionApi(IdentityResolution resolution, Federation federation) {
        this.resolution = resolution;
        this.federation = federation;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/api/2.0/identity/users/resolve-by-external-id", request -> resolve(request, IdentityResolution.Kind.USERS))
                .POST("/api/2.0/identity/groups/resolve-by-external-id", request -> resolve(request, IdentityResolution.Kind.GROUPS))
                .POST("/api/2.0/identity/service-principals/resolve-by-external-id", request ->
                        resolve(request, IdentityResolution.Kind.SERVICE_PRINCIPALS))
                .build();
    }

    private Mono<ServerResponse> resolve(ServerRequest request, IdentityResolution.Kind kind) {
        if (!Caller.of(request).admin()) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only workspace admins can resolve identities.");
        }
        return resolution.resolve(request, federation.accountOf(EmulatedWorkspace.of(request)), kind);
    }
}
