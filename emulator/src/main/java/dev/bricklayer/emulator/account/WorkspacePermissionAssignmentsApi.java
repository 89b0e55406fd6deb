package dev.bricklayer.emulator.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import reactor.core.publisher.Mono;

/**
 * Workspace assignment on a workspace's own host, for its admins (reference §7.3):
 * {@code GET|POST /api/2.0/preview/permissionassignments} (POST assigns by {@code user_name}, {@code group_name} or
 * {@code service_principal_name}; a name the account does not have is an item-level error) and
 * {@code PUT|DELETE /api/2.0/preview/permissionassignments/principals/{principal_id}}.
 */
@Component
class WorkspacePermissionAssignmentsApi implements WorkspaceApi {

    private static final String BASE = "/api/2.0/preview/permissionassignments";
    private static final List<String> NAMES = List.of("user_name", "group_name", "service_principal_name");

    private final PermissionAssignments assignments;
    private final Federation federation;
    private final JsonBodies bodies;

    WorkspacePermissionAssignmentsApi(PermissionAssignments assignments, Federation federation, JsonBodies bodies) {
        this.assignments = assignments;
        this.federation = federation;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(BASE, request -> {
                    EmulatedWorkspace workspace = admin(request);
                    return JsonBodies.ok(assignments.list(federation.accountOf(workspace), workspace));
                })
                .POST(BASE, this::assignByName)
                .PUT(BASE + "/principals/{principal_id}", request -> {
                    EmulatedWorkspace workspace = admin(request);
                    return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> JsonBodies.ok(assignments.put(
                            federation.accountOf(workspace), workspace, request.pathVariable("principal_id"), body.path("permissions"))));
                })
                .DELETE(BASE + "/principals/{principal_id}", request -> {
                    EmulatedWorkspace workspace = admin(request);
                    assignments.delete(federation.accountOf(workspace), workspace, request.pathVariable("principal_id"));
                    return JsonBodies.ok(Map.of());
                })
                .build();
    }

    private Mono<ServerResponse> assignByName(ServerRequest request) {
        EmulatedWorkspace workspace = admin(request);
        Account account = federation.accountOf(workspace);
        assignments.requireFederated(workspace);
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            List<Object> answered = new ArrayList<>();
            for (JsonNode wanted : body.path("permission_assignments")) {
                String field = NAMES.stream().filter(wanted::hasNonNull).findFirst().orElse(null);
                String name = field == null ? "" : wanted.get(field).asText();
                var principal = field == null ? java.util.Optional.<com.fasterxml.jackson.databind.node.ObjectNode>empty()
                        : assignments.byName(account, field, name);
                if (principal.isEmpty()) {
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("principal", field == null ? Map.of() : Map.of(field, name));
                    error.put("error", PermissionAssignments.NOT_FOUND);
                    answered.add(error);
                } else {
                    answered.add(assignments.put(account, workspace, principal.get().get("id").asText(), wanted.path("permissions")));
                }
            }
            return JsonBodies.ok(Map.of("permission_assignments", answered));
        });
    }

    private static EmulatedWorkspace admin(ServerRequest request) {
        if (!Caller.of(request).admin()) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only workspace admins can manage permission assignments.");
        }
        return EmulatedWorkspace.of(request);
    }
}
