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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.account.Federation;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import reactor.core.publisher.Mono;

/**
 * Grants (reference §7.8.4): {@code GET|PATCH /api/2.1/unity-catalog/permissions/{securable_type}/{full_name}} and
 * {@code GET /api/2.1/unity-catalog/effective-permissions/{securable_type}/{full_name}} for a metastore (its id), catalog,
 * schema or table (the type in any case). PATCH {@code {"changes": [{"principal", "add", "remove"}]}} is a diff, checked
 * whole before anything changes: the principal must be the account's (a workspace-local group is {@code Could not find
 * principal with name …}), each privilege must apply to the type, one privilege both added and removed is 400; it
 * answers every assignment (unless {@code omit_permissions_in_response}). Effective permissions add what is inherited from
 * the schema and catalog above, with {@code inherited_from_type}/{@code inherited_from_name}. Only a workspace admin or
 * the securable's owner changes grants; {@code ?principal=} narrows a read.
 */
@Component
class GrantsApi implements WorkspaceApi {

    private static final String BASE = "/api/2.1/unity-catalog";

    private final UnityCatalog catalog;
    private final JsonBodies bodies;

    GrantsApi(UnityCatalog catalog, JsonBodies bodies) {
        this.catalog = catalog;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(BASE + "/permissions/{type}/{full_name}", request -> {
                    UnityCatalog.Call call = catalog.of(request);
                    Privileges type = Privileges.of(request.pathVariable("type"));
                    String name = securable(call, type, request.pathVariable("full_name")).get("full_name").asText();
                    return JsonBodies.ok(Map.of("privilege_assignments", assignments(call, type, name, principal(request))));
                })
                .PATCH(BASE + "/permissions/{type}/{full_name}", this::update)
                .GET(BASE + "/effective-permissions/{type}/{full_name}", this::effective)
                .build();
    }

    private Mono<ServerResponse> update(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        Privileges type = Privileges.of(request.pathVariable("type"));
        ObjectNode securable = securable(call, type, request.pathVariable("full_name"));
        String name = securable.get("full_name").asText();
        UnityCatalog.requireManager(call, securable);
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            List<GrantStore.Change> changes = new ArrayList<>();
            for (JsonNode change : body.path("changes")) {
                String principal = change.path("principal").asText("");
                catalog.requirePrincipal(call, principal);
                Set<String> add = privileges(change.path("add"), type, name);
                Set<String> remove = privileges(change.path("remove"), type, name);
                if (add.stream().anyMatch(remove::contains)) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Duplicate privileges to add and delete for principal "
                            + principal + ".");
                }
                changes.add(new GrantStore.Change(principal, add, remove));
            }
            call.grants().apply(type, name, changes);
            return JsonBodies.ok(body.path("omit_permissions_in_response").asBoolean(false) ? Map.of()
                    : Map.of("privilege_assignments", assignments(call, type, name, null)));
        });
    }

    private Mono<ServerResponse> effective(ServerRequest request) {
        UnityCatalog.Call call = catalog.of(request);
        Privileges type = Privileges.of(request.pathVariable("type"));
        String name = securable(call, type, request.pathVariable("full_name")).get("full_name").asText();
        String only = principal(request);
        Map<String, List<ObjectNode>> byPrincipal = new LinkedHashMap<>();
        Privileges level = type;
        String levelName = name;
        while (level != null) {
            Privileges from = level;
            String fromName = levelName;
            call.grants().of(level, levelName).forEach((principal, privileges) -> {
                if (only == null || only.equals(principal)) {
                    privileges.forEach(privilege -> {
                        ObjectNode effective = JsonNodeFactory.instance.objectNode().put("privilege", privilege);
                        if (from != type) {
                            effective.put("inherited_from_type", from.name()).put("inherited_from_name", fromName);
                        }
                        byPrincipal.computeIfAbsent(principal, p -> new ArrayList<>()).add(effective);
                    });
                }
            });
            level = level.parent();
            levelName = levelName.contains(".") ? levelName.substring(0, levelName.lastIndexOf('.')) : levelName;
        }
        List<Map<String, Object>> answer = new ArrayList<>();
        byPrincipal.forEach((principal, privileges) -> answer.add(Map.of("principal", principal, "privileges", privileges)));
        return JsonBodies.ok(Map.of("privilege_assignments", answer));
    }

    private static List<Map<String, Object>> assignments(UnityCatalog.Call call, Privileges type, String name, String only) {
        List<Map<String, Object>> answer = new ArrayList<>();
        call.grants().of(type, name).forEach((principal, privileges) -> {
            if (only == null || only.equals(principal)) {
                Map<String, Object> assignment = new LinkedHashMap<>();
                assignment.put("principal", principal);
                assignment.put("privileges", privileges);
                answer.add(assignment);
            }
        });
        return answer;
    }

    private static Set<String> privileges(JsonNode values, Privileges type, String name) {
        Set<String> privileges = new LinkedHashSet<>();
        for (JsonNode value : values) {
            type.require(value.asText(), name);
            privileges.add(value.asText());
        }
        return privileges;
    }

    private static String principal(ServerRequest request) {
        return request.queryParam("principal").filter(p -> !p.isBlank()).orElse(null);
    }

    /** The securable a grant names, as {@code {"full_name", "owner", "securable_type"}}; 404 when it does not exist. */
    private static ObjectNode securable(UnityCatalog.Call call, Privileges type, String fullName) {
        ObjectNode found = JsonNodeFactory.instance.objectNode().put("securable_type", type.name());
        switch (type) {
            case METASTORE -> {
                ObjectNode metastore = Federation.metastores(call.account()).require(fullName);
                if (!fullName.equals(call.assignment().metastoreId())) {
                    throw EmulatorException.databricks(404, "METASTORE_DOES_NOT_EXIST", "Metastore '" + fullName
                            + "' is not assigned to the current workspace.");
                }
                found.put("full_name", fullName).put("owner", metastore.path("owner").asText());
            }
            case CATALOG -> {
                ObjectNode info = UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(fullName));
                found.put("full_name", info.get("full_name").asText()).put("owner", info.path("owner").asText());
            }
            case SCHEMA -> {
                ObjectNode info = call.catalogs().requireSchema(fullName);
                UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(info.get("catalog_name").asText()));
                found.put("full_name", info.get("full_name").asText()).put("owner", info.path("owner").asText());
            }
            case TABLE -> {
                call.catalogs().requireTable(fullName);
                UnityCatalog.requireReadable(call, call.catalogs().requireCatalog(fullName.substring(0, fullName.indexOf('.'))));
                found.put("full_name", fullName).put("owner", "");
            }
        }
        return found;
    }
}
