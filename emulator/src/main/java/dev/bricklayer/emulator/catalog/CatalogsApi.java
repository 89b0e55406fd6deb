package dev.bricklayer.emulator.catalog;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import reactor.core.publisher.Mono;

/**
 * Catalogs and schemas of the workspace's metastore (reference §7.8.2–3): {@code POST|GET /api/2.1/unity-catalog/catalogs},
 * {@code GET|PATCH|DELETE …/catalogs/{name}} ({@code isolation_mode} only through PATCH; DELETE {@code ?force=true}),
 * {@code POST /schemas}, {@code GET /schemas?catalog_name=}, {@code GET|PATCH|DELETE /schemas/{full_name}}. Lists page
 * ({@link Paging}); a caller who is no workspace admin sees the catalogs it owns or holds a privilege on; an
 * {@code ISOLATED} catalog not bound to the workspace is not listed (unless {@code include_unbound=true} for an admin) and
 * cannot be read (403). Creating a catalog needs a metastore admin or {@code CREATE_CATALOG}; a schema the catalog's
 * owner, {@code CREATE_SCHEMA} or {@code ALL_PRIVILEGES} on it, and a read-write binding when it is isolated.
 */
@Component
class CatalogsApi implements WorkspaceApi {

    private static final String BASE = "/api/2.1/unity-catalog";
    private static final Set<String> MAY_CREATE_SCHEMA = Set.of("CREATE_SCHEMA", "ALL_PRIVILEGES");

    private final UnityCatalog catalog;
    private final JsonBodies bodies;

    CatalogsApi(UnityCatalog catalog, JsonBodies bodies) {
        this.catalog = catalog;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(BASE + "/catalogs", this::createCatalog)
                .GET(BASE + "/catalogs", this::listCatalogs)
                .GET(BASE + "/catalogs/{name}", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    return JsonBodies.ok(UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(request.pathVariable("name"))));
                })
                .PATCH(BASE + "/catalogs/{name}", this::updateCatalog)
                .DELETE(BASE + "/catalogs/{name}", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    ObjectNode found = UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(request.pathVariable("name")));
                    UnityCatalog.requireManager(call, found);
                    call.catalogs().deleteCatalog(found.get("name").asText(), force(request));
                    call.grants().forget(found.get("name").asText());
                    return JsonBodies.ok(java.util.Map.of());
                })
                .POST(BASE + "/schemas", this::createSchema)
                .GET(BASE + "/schemas", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    String catalogName = request.queryParam("catalog_name").filter(c -> !c.isBlank()).orElseThrow(() ->
                            EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "catalog_name is required."));
                    UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(catalogName));
                    return JsonBodies.ok(Paging.page(request, "schemas", call.catalogs().schemas(catalogName)));
                })
                .GET(BASE + "/schemas/{full_name}", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    ObjectNode schema = call.catalogs().requireSchema(request.pathVariable("full_name"));
                    UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(schema.get("catalog_name").asText()));
                    return JsonBodies.ok(schema);
                })
                .PATCH(BASE + "/schemas/{full_name}", this::updateSchema)
                .DELETE(BASE + "/schemas/{full_name}", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    ObjectNode schema = writableSchema(call, request.pathVariable("full_name"));
                    UnityCatalog.requireManager(call, schema);
                    call.catalogs().deleteSchema(schema.get("full_name").asText(), force(request));
                    call.grants().forget(schema.get("full_name").asText());
                    return JsonBodies.ok(java.util.Map.of());
                })
                .build();
    }

    private Mono<ServerResponse> createCatalog(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        if (!call.caller().admin() && !call.grants().of(Privileges.METASTORE, call.assignment().metastoreId())
                .getOrDefault(call.caller().name(), List.of()).contains("CREATE_CATALOG")) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "User does not have CREATE CATALOG on Metastore '"
                    + call.assignment().metastoreId() + "'.");
        }
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body ->
                JsonBodies.ok(call.catalogs().createCatalog(body, call.caller().name(), catalog.now())));
    }

    private Mono<ServerResponse> listCatalogs(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        boolean unbound = call.caller().admin() && request.queryParam("include_unbound").map(Boolean::parseBoolean).orElse(false);
        List<ObjectNode> visible = call.catalogs().catalogs().stream()
                .filter(c -> unbound || UnityCatalog.binding(call, c) != null)
                .filter(c -> call.caller().admin() || call.caller().name().equals(c.path("owner").asText())
                        || call.grants().of(Privileges.CATALOG, c.get("name").asText()).containsKey(call.caller().name()))
                .toList();
        return JsonBodies.ok(Paging.page(request, "catalogs", visible));
    }

    private Mono<ServerResponse> updateCatalog(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        ObjectNode found = UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(request.pathVariable("name")));
        UnityCatalog.requireManager(call, found);
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String mode = body.path("isolation_mode").asText("");
            if (!mode.isEmpty() && !mode.equals("OPEN") && !mode.equals("ISOLATED")) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Invalid isolation_mode: " + mode);
            }
            return JsonBodies.ok(call.catalogs().updateCatalog(found.get("name").asText(), body, call.caller().name(), catalog.now()));
        });
    }

    private Mono<ServerResponse> createSchema(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            ObjectNode parent = UnityCatalog.requireWritable(call, call.catalogs().requireCatalog(body.path("catalog_name").asText("")));
            boolean granted = call.grants().of(Privileges.CATALOG, parent.get("name").asText())
                    .getOrDefault(call.caller().name(), List.of()).stream().anyMatch(MAY_CREATE_SCHEMA::contains);
            if (!granted) {
                UnityCatalog.requireManager(call, parent);
            }
            return JsonBodies.ok(call.catalogs().createSchema(body, call.caller().name(), catalog.now()));
        });
    }

    private Mono<ServerResponse> updateSchema(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        ObjectNode schema = writableSchema(call, request.pathVariable("full_name"));
        UnityCatalog.requireManager(call, schema);
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body ->
                JsonBodies.ok(call.catalogs().updateSchema(schema.get("full_name").asText(), body, call.caller().name(), catalog.now())));
    }

    private static ObjectNode writableSchema(UnityCatalog.Call call, String fullName) {
        ObjectNode schema = call.catalogs().requireSchema(fullName);
        UnityCatalog.requireWritable(call, call.catalogs().requireCatalog(schema.get("catalog_name").asText()));
        return schema;
    }

    private static boolean force(ServerRequest request) {
        return request.queryParam("force").map(Boolean::parseBoolean).orElse(false);
    }
}
