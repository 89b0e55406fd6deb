package dev.bricklayer.emulator.account;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.AccountApi;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import reactor.core.publisher.Mono;

/**
 * Workspace assignment on the account host (reference §7.3): {@code GET …/workspaces/{workspace_id}/permissionassignments}
 * (also under {@code /api/2.0/preview/accounts/…}), {@code GET …/permissionassignments/permissions},
 * {@code PUT|DELETE …/permissionassignments/principals/{principal_id}}; the rules are {@link PermissionAssignments}'.
 */
@Component
class WorkspaceAssignmentApi implements AccountApi {

    private static final String BASE = "/api/2.0/accounts/{account_id}/workspaces/{workspace_id}/permissionassignments";

    private final PermissionAssignments assignments;
    private final Federation federation;
    private final JsonBodies bodies;

    WorkspaceAssignmentApi(PermissionAssignments assignments, Federation federation, JsonBodies bodies) {
        this.assignments = assignments;
        this.federation = federation;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(BASE, this::list)
                .GET("/api/2.0/preview/accounts/{account_id}/workspaces/{workspace_id}/permissionassignments", this::list)
                .GET(BASE + "/permissions", request -> {
                    workspace(request);
                    return JsonBodies.ok(Map.of("permissions", List.of(
                            Map.of("permission_level", "USER", "description", "Can access the workspace"),
                            Map.of("permission_level", "ADMIN", "description", "Can access the workspace and has workspace admin privileges"))));
                })
                .PUT(BASE + "/principals/{principal_id}", request -> bodies.object(request, JsonBodies.Format.DATABRICKS)
                        .flatMap(body -> JsonBodies.ok(assignments.put(AccountCall.of(request).account(), workspace(request),
                                request.pathVariable("principal_id"), body.path("permissions")))))
                .DELETE(BASE + "/principals/{principal_id}", request -> {
                    assignments.delete(AccountCall.of(request).account(), workspace(request), request.pathVariable("principal_id"));
                    return JsonBodies.ok(Map.of());
                })
                .build();
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        return JsonBodies.ok(assignments.list(AccountCall.of(request).account(), workspace(request)));
    }

    private EmulatedWorkspace workspace(ServerRequest request) {
        return federation.workspace(AccountCall.of(request).account(), request.pathVariable("workspace_id"));
    }
}
