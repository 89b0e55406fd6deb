package dev.bricklayer.emulator.catalog;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.account.Account;
import dev.bricklayer.emulator.account.AccountMetastoresApi;
import dev.bricklayer.emulator.account.Federation;
import dev.bricklayer.emulator.account.Metastores;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import reactor.core.publisher.Mono;

/**
 * The metastore assignment as a workspace sees it (reference §7.8.1): {@code GET /api/2.1/unity-catalog/current-metastore-assignment}
 * (unwrapped), {@code GET …/metastore_summary}, and {@code PUT|PATCH|DELETE /api/2.1/unity-catalog/workspaces/{workspace_id}/metastore}
 * (answer {@code {}}): assigning, unassigning ({@code ?metastore_id=} required) or changing the metastore needs an account
 * admin, changing only the default catalog a workspace admin.
 */
@Component
class MetastoreAssignmentApi implements WorkspaceApi {

    private static final String BASE = "/api/2.1/unity-catalog";

    private final UnityCatalog catalog;
    private final Federation federation;
    private final JsonBodies bodies;

    MetastoreAssignmentApi(UnityCatalog catalog, Federation federation, JsonBodies bodies) {
        this.catalog = catalog;
        this.federation = federation;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(BASE + "/current-metastore-assignment", request ->
                        JsonBodies.ok(AccountMetastoresApi.wire(catalog.of(request).assignment())))
                .GET(BASE + "/metastore_summary", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    return JsonBodies.ok(Federation.metastores(call.account()).require(call.assignment().metastoreId()));
                })
                .PUT(BASE + "/workspaces/{workspace_id}/metastore", this::assign)
                .PATCH(BASE + "/workspaces/{workspace_id}/metastore", this::update)
                .DELETE(BASE + "/workspaces/{workspace_id}/metastore", this::unassign)
                .build();
    }

    private Mono<ServerResponse> assign(ServerRequest request) {
        Account account = accountAdmin(request);
        EmulatedWorkspace workspace = federation.workspace(account, request.pathVariable("workspace_id"));
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            federation.assignMetastore(account, workspace, body.path("metastore_id").asText(""),
                    body.path("default_catalog_name").asText(""));
            return JsonBodies.ok(Map.of());
        });
    }

    private Mono<ServerResponse> update(ServerRequest request) {
        EmulatedWorkspace here = EmulatedWorkspace.of(request);
        Account account = federation.accountOf(here);
        EmulatedWorkspace workspace = federation.workspace(account, request.pathVariable("workspace_id"));
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String metastoreId = body.hasNonNull("metastore_id") ? body.get("metastore_id").asText() : null;
            Metastores metastores = Federation.metastores(account);
            if (metastoreId != null && !metastoreId.equals(metastores.requireAssignment(Long.parseLong(workspace.workspaceId()))
                    .metastoreId())) {
                accountAdmin(request);
            } else if (!Caller.of(request).admin()) {
                throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only workspace admins can change the default catalog.");
            }
            metastores.updateAssignment(Long.parseLong(workspace.workspaceId()), metastoreId,
                    body.hasNonNull("default_catalog_name") ? body.get("default_catalog_name").asText() : null);
            return JsonBodies.ok(Map.of());
        });
    }

    private Mono<ServerResponse> unassign(ServerRequest request) {
        Account account = accountAdmin(request);
        EmulatedWorkspace workspace = federation.workspace(account, request.pathVariable("workspace_id"));
        String metastoreId = request.queryParam("metastore_id").filter(m -> !m.isBlank()).orElseThrow(() ->
                EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "metastore_id is required."));
        Metastores metastores = Federation.metastores(account);
        if (!metastores.requireAssignment(Long.parseLong(workspace.workspaceId())).metastoreId().equals(metastoreId)) {
            throw EmulatorException.databricks(404, "METASTORE_DOES_NOT_EXIST", "Workspace " + workspace.workspaceId()
                    + " is not assigned metastore " + metastoreId + ".");
        }
        metastores.unassign(Long.parseLong(workspace.workspaceId()));
        return JsonBodies.ok(Map.of());
    }

    /** The workspace's account, when the caller is one of its admins; else 403 (reference §7.1: "The caller must be an account admin"). */
    private Account accountAdmin(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        UnityCatalog.requireTier(workspace);
        Account account = federation.accountOf(workspace);
        if (!account.isAdmin(Caller.of(request).name())) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "The caller must be an account admin.");
        }
        return account;
    }
}
