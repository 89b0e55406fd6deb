package dev.bricklayer.emulator.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import reactor.core.publisher.Mono;

/**
 * Workspace bindings of catalogs, on the current and the deprecated paths, one state behind both (reference §7.8.5):
 * {@code GET|PATCH /api/2.1/unity-catalog/bindings/catalog/{name}} ({@code {"add"|"remove": [{"workspace_id",
 * "binding_type"}]}}; {@code binding_type} defaults to {@code BINDING_TYPE_READ_WRITE}; re-adding a workspace changes its
 * type) and {@code GET|PATCH /api/2.1/unity-catalog/workspace-bindings/catalogs/{name}} ({@code assign_workspaces} /
 * {@code unassign_workspaces}: read-write; answers {@code {"workspaces": [...]}}). Bindings count only while the catalog is
 * {@code ISOLATED}; managing them takes a workspace admin or the catalog's owner, from any workspace of the metastore.
 * Other securable types (storage credentials, external locations, credentials) are not emulated: 400.
 */
@Component
class BindingsApi implements WorkspaceApi {

    private static final String BASE = "/api/2.1/unity-catalog";
    private static final Set<String> TYPES = Set.of(CatalogStore.READ_WRITE, CatalogStore.READ_ONLY);

    private final UnityCatalog catalog;
    private final JsonBodies bodies;

    BindingsApi(UnityCatalog catalog, JsonBodies bodies) {
        this.catalog = catalog;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(BASE + "/bindings/{type}/{name}", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    return JsonBodies.ok(Paging.page(request, "bindings", wire(call.catalogs().bindings(catalogName(request)))));
                })
                .PATCH(BASE + "/bindings/{type}/{name}", this::update)
                .GET(BASE + "/workspace-bindings/catalogs/{name}", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    return JsonBodies.ok(Map.of("workspaces", List.copyOf(call.catalogs().bindings(request.pathVariable("name")).keySet())));
                })
                .PATCH(BASE + "/workspace-bindings/catalogs/{name}", this::updateDeprecated)
                .build();
    }

    private Mono<ServerResponse> update(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        String name = managed(call, catalogName(request));
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Map<Long, String> add = new LinkedHashMap<>();
            for (JsonNode binding : body.path("add")) {
                String type = binding.path("binding_type").asText(CatalogStore.READ_WRITE);
                if (!TYPES.contains(type)) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Invalid binding_type: " + type);
                }
                add.put(workspaceId(binding.path("workspace_id")), type);
            }
            Set<Long> remove = new LinkedHashSet<>();
            body.path("remove").forEach(binding -> remove.add(workspaceId(binding.path("workspace_id"))));
            return JsonBodies.ok(Map.of("bindings", wire(call.catalogs().bind(name, add, remove))));
        });
    }

    private Mono<ServerResponse> updateDeprecated(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        String name = managed(call, request.pathVariable("name"));
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Map<Long, String> add = new LinkedHashMap<>();
            body.path("assign_workspaces").forEach(id -> add.put(workspaceId(id), CatalogStore.READ_WRITE));
            Set<Long> remove = new LinkedHashSet<>();
            body.path("unassign_workspaces").forEach(id -> remove.add(workspaceId(id)));
            return JsonBodies.ok(Map.of("workspaces", List.copyOf(call.catalogs().bind(name, add, remove).keySet())));
        });
    }

    /** The catalog's name, when the caller may manage its bindings. */
    private static String managed(UnityCatalog.Call call, String name) {
        ObjectNode found = call.catalogs().requireCatalog(name);
        UnityCatalog.requireManager(call, found);
        return found.get("name").asText();
    }

    private static String catalogName(ServerRequest request) {
        String type = request.pathVariable("type").toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("catalog")) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Workspace bindings of " + type
                    + " are not emulated; only catalogs.");
        }
        return request.pathVariable("name");
    }

    private static long workspaceId(JsonNode value) {
        if (!value.canConvertToLong() && !value.asText().matches("\\d+")) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Invalid workspace_id: " + value);
        }
        return value.canConvertToLong() ? value.asLong() : Long.parseLong(value.asText());
    }

    private static List<Map<String, Object>> wire(Map<Long, String> bindings) {
        List<Map<String, Object>> wire = new ArrayList<>();
        bindings.forEach((workspaceId, type) -> wire.add(Map.of("workspace_id", workspaceId, "binding_type", type)));
        return wire;
    }
}
