package dev.bricklayer.emulator.catalog;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.AdminApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.Workspaces;

/**
 * {@code POST /admin/workspaces/{name}/unity-catalog/tables} {@code {"full_name": "catalog.schema.table"}}: a table made
 * outside the APIs the emulator serves (SQL, a pipeline), in the metastore of the workspace, so that grants can be set on it.
 */
@Component
class CatalogAdminRoutes implements AdminApi {

    private final UnityCatalog catalog;
    private final Workspaces workspaces;
    private final JsonBodies bodies;

    CatalogAdminRoutes(UnityCatalog catalog, Workspaces workspaces, JsonBodies bodies) {
        this.catalog = catalog;
        this.workspaces = workspaces;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST("/admin/workspaces/{name}/unity-catalog/tables", request -> {
            String name = request.pathVariable("name");
            var workspace = workspaces.byName(name).or(() -> workspaces.byWorkspaceId(name))
                    .orElseThrow(() -> EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "No workspace " + name));
            return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
                String fullName = body.path("full_name").asText("");
                catalog.of(workspace, null).catalogs().addTable(fullName);
                return JsonBodies.status(201, Map.of("full_name", fullName));
            });
        }).build();
    }
}
