package dev.bricklayer.emulator.workspace.permissions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.AclStore;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.emulator.workspace.ObjectRegistry;
import dev.bricklayer.emulator.workspace.permissions.PermissionDefinitions.Definition;
import reactor.core.publisher.Mono;

/**
 * The Permissions API, {@code /api/2.0/permissions/{type}/{id}}: GET, PUT (replace every direct entry), PATCH
 * (merge), and {@code …/permissionLevels}, for every type of {@link PermissionDefinitions}. {@code admins} is
 * shown with its inherited level from the type's root object (for tokens: a direct {@code CAN_MANAGE} that can't be
 * taken away). Only admins and holders of {@code CAN_MANAGE} change permissions.
 */
@Component
public class PermissionsApi implements WorkspaceApi {

    private static final String BASE = "/api/2.0/permissions/";

    private final boolean tokenPermissionsNeedAToken;
    private final JsonBodies bodies;

    public PermissionsApi(EmulatorProperties properties, JsonBodies bodies) {
        this.tokenPermissionsNeedAToken = properties.tokenPermissionsNeedAToken();
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(BASE + "**", this::get)
                .PUT(BASE + "**", request -> change(request, true))
                .PATCH(BASE + "**", request -> change(request, false))
                .build();
    }

    /** The object addressed by the path: definition and id (for tokens and passwords the id is fixed). */
    private record Target(Definition definition, String id, boolean levels) {
        String objectPath() {
            return definition.alwaysExists() ? "/" + definition.requestType() : "/" + definition.requestType() + "/" + id;
        }
    }

    private static Target target(ServerRequest request) {
        String rest = request.path().substring(BASE.length());
        boolean levels = rest.endsWith("/permissionLevels");
        if (levels) {
            rest = rest.substring(0, rest.length() - "/permissionLevels".length());
        }
        for (Definition definition : PermissionDefinitions.ALL) {
            if (definition.alwaysExists() && rest.equals(definition.requestType())) {
                return new Target(definition, null, levels);
            }
            String prefix = definition.requestType() + "/";
            if (!definition.alwaysExists() && rest.startsWith(prefix) && rest.length() > prefix.length()
                    && !rest.substring(prefix.length()).contains("/")) {
                return new Target(definition, rest.substring(prefix.length()), levels);
            }
        }
        throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Unknown object type or malformed path: " + rest);
    }

    private void requireExists(EmulatedWorkspace workspace, Target target) {
        // Databricks has no token permissions object until the workspace holds a personal access token: setting
        // them fails with "tokens tokens does not exist" (terraform-provider-databricks #1122, its docs' note
        // "It is required to have at least 1 personal access token in the workspace before you can manage tokens
        // permissions"); reading them is refused alike here ([K] reference §3.2)
        if (tokenPermissionsNeedAToken && target.definition().requestType().equals("authorization/tokens")
                && workspace.tokens().all().isEmpty()) {
            throw EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "tokens tokens does not exist");
        }
        if (!target.definition().alwaysExists() && !workspace.store(ObjectRegistry.class, ObjectRegistry::new)
                .exists(target.definition().requestType(), target.id())) {
            throw EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", capitalised(target.definition().objectType())
                    + " " + target.id() + " does not exist.");
        }
    }

    private Mono<ServerResponse> get(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Target target = target(request);
        requireExists(workspace, target);
        if (target.levels()) {
            List<Map<String, String>> levels = new ArrayList<>();
            for (String level : target.definition().levels()) {
                if (target.definition().requestType().equals("authorization/tokens") && level.equals("CAN_MANAGE")) {
                    continue; // only admins hold it; it cannot be granted
                }
                levels.add(Map.of("permission_level", level, "description", PermissionDefinitions.DESCRIPTIONS.getOrDefault(level, level)));
            }
            return JsonBodies.ok(Map.of("permission_levels", levels));
        }
        return JsonBodies.ok(render(workspace, target));
    }

    private Mono<ServerResponse> change(ServerRequest request, boolean replace) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Target target = target(request);
        if (target.levels()) {
            throw EmulatorException.databricks(405, "ENDPOINT_NOT_FOUND", "permissionLevels is read-only");
        }
        requireExists(workspace, target);
        Caller caller = Caller.of(request);
        AclStore acls = workspace.store(AclStore.class, AclStore::new);
        if (!acls.allows(workspace, caller, target.objectPath(), Set.of("CAN_MANAGE", "IS_OWNER"))) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "User " + caller.name()
                    + " does not have permission to change the permissions of " + target.objectPath());
        }
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Object list = body.get("access_control_list");
            if (!(list instanceof List<?> entries)) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "access_control_list is required");
            }
            Map<String, String> parsed = new LinkedHashMap<>();
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?> map)) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "each access_control_list entry must be an object");
                }
                String key = principalKey(workspace, map);
                String level = map.get("permission_level") == null ? null : map.get("permission_level").toString();
                if (level == null || !target.definition().levels().contains(level)) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Permission level " + level
                            + " is not supported for object type " + target.definition().objectType() + ". Supported levels: "
                            + String.join(", ", target.definition().levels()));
                }
                if (target.definition().requestType().equals("authorization/tokens") && level.equals("CAN_MANAGE")
                        && !key.equals(AclStore.groupKey("admins"))) {
                    throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                            "CAN_MANAGE on tokens can only be held by the admins group");
                }
                parsed.put(key, level);
            }
            parsed.remove(AclStore.groupKey("admins"));
            synchronized (acls) {
                if (replace) {
                    acls.replace(target.objectPath(), parsed);
                } else {
                    acls.merge(target.objectPath(), parsed);
                }
            }
            return JsonBodies.ok(render(workspace, target));
        });
    }

    private static String principalKey(EmulatedWorkspace workspace, Map<?, ?> entry) {
        Object user = entry.get("user_name");
        Object group = entry.get("group_name");
        Object sp = entry.get("service_principal_name");
        int given = (user != null ? 1 : 0) + (group != null ? 1 : 0) + (sp != null ? 1 : 0);
        if (given != 1) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                    "Exactly one of user_name, group_name and service_principal_name must be given in an access control entry");
        }
        IdentityStore identities = workspace.identities();
        if (user != null) {
            identities.userByName(user.toString()).orElseThrow(() -> EmulatorException.databricks(400,
                    "INVALID_PARAMETER_VALUE", "Principal: UserName(" + user + ") does not exist"));
            return AclStore.userKey(user.toString());
        }
        if (group != null) {
            identities.groupByName(group.toString()).orElseThrow(() -> EmulatorException.databricks(400,
                    "INVALID_PARAMETER_VALUE", "Principal: GroupName(" + group + ") does not exist"));
            return AclStore.groupKey(group.toString());
        }
        identities.servicePrincipalByApplicationId(sp.toString()).orElseThrow(() -> EmulatorException.databricks(400,
                "INVALID_PARAMETER_VALUE", "Principal: ServicePrincipalName(" + sp + ") does not exist"));
        return AclStore.servicePrincipalKey(sp.toString());
    }

    private static Map<String, Object> render(EmulatedWorkspace workspace, Target target) {
        Definition definition = target.definition();
        AclStore acls = workspace.store(AclStore.class, AclStore::new);
        List<Map<String, Object>> entries = new ArrayList<>();
        Map<String, Object> admins = new LinkedHashMap<>();
        admins.put("group_name", "admins");
        Map<String, Object> adminPermission = new LinkedHashMap<>();
        adminPermission.put("permission_level", definition.adminLevel());
        if (definition.adminRoot() != null) {
            adminPermission.put("inherited", true);
            adminPermission.put("inherited_from_object", List.of(definition.adminRoot()));
        } else {
            adminPermission.put("inherited", false);
        }
        admins.put("all_permissions", List.of(adminPermission));
        entries.add(admins);
        acls.direct(target.objectPath()).forEach((key, level) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            int colon = key.indexOf(':');
            String kind = key.substring(0, colon);
            String name = key.substring(colon + 1);
            entry.put(kind + "_name", name);
            displayName(workspace, kind, name).ifPresent(display -> entry.put("display_name", display));
            entry.put("all_permissions", List.of(Map.of("permission_level", level, "inherited", false)));
            entries.add(entry);
        });
        // as the service lists them: users, then service principals, then groups, each by name
        entries.sort(java.util.Comparator.<Map<String, Object>>comparingInt(e -> e.containsKey("user_name") ? 0
                        : e.containsKey("service_principal_name") ? 1 : 2)
                .thenComparing(e -> String.valueOf(e.getOrDefault("user_name",
                        e.getOrDefault("service_principal_name", e.get("group_name"))))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object_id", target.objectPath());
        body.put("object_type", definition.objectType());
        body.put("access_control_list", entries);
        return body;
    }

    private static java.util.Optional<String> displayName(EmulatedWorkspace workspace, String kind, String name) {
        IdentityStore identities = workspace.identities();
        java.util.Optional<ObjectNode> principal = switch (kind) {
            case "user" -> identities.userByName(name);
            case "service_principal" -> identities.servicePrincipalByApplicationId(name);
            default -> java.util.Optional.empty();
        };
        return principal.map(p -> p.path("displayName").asText(null));
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
