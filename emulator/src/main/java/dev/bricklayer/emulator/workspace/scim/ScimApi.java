package dev.bricklayer.emulator.workspace.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import reactor.core.publisher.Mono;

/**
 * SCIM 2.0 of a workspace, {@code /api/2.0/preview/scim/v2/{Users,Groups,ServicePrincipals,Me}}: create, get (with
 * a {@link ScimProjection}), list (a {@link ScimListQuery}: filter, sort, paging, projection), PUT, PATCH (a
 * {@link ScimPatch}), DELETE. Only workspace admins write ({@link ScimRules}).
 */
@Component
public class ScimApi implements WorkspaceApi {

    static final String BASE = "/api/2.0/preview/scim/v2";
    private static final Set<String> READ_ONLY = Set.of("id", "schemas", "meta", "groups");

    private final JsonBodies bodies;

    public ScimApi(JsonBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        RouterFunctions.Builder routes = RouterFunctions.route()
                .GET(BASE + "/Me", this::me);
        for (ScimResourceType type : ScimResourceType.values()) {
            String path = BASE + "/" + type.path;
            routes.GET(path, request -> list(request, type))
                    .POST(path, request -> create(request, type))
                    .GET(path + "/{id}", request -> get(request, type))
                    .PUT(path + "/{id}", request -> replace(request, type))
                    .PATCH(path + "/{id}", request -> patch(request, type))
                    .DELETE(path + "/{id}", request -> delete(request, type));
        }
        return routes.build();
    }

    private Mono<ServerResponse> me(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        ObjectNode self = workspace.identities().principal(caller.id()).orElseThrow();
        return JsonBodies.ok(render(workspace, self));
    }

    private Mono<ServerResponse> get(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        ObjectNode resource = find(workspace, type, request.pathVariable("id"));
        return JsonBodies.ok(ScimProjection.of(request, type).apply(render(workspace, resource)));
    }

    private Mono<ServerResponse> list(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        ScimListQuery query = ScimListQuery.of(request, type);
        List<ObjectNode> matching = new ArrayList<>();
        IdentityStore identities = workspace.identities();
        synchronized (identities) {
            for (ObjectNode resource : type.resources(identities).values()) {
                ObjectNode rendered = render(workspace, resource);
                if (query.matches(rendered)) {
                    matching.add(rendered);
                }
            }
        }
        return JsonBodies.ok(query.answer(matching));
    }

    private Mono<ServerResponse> create(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        ScimRules.requireAdmin(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> {
            IdentityStore identities = workspace.identities();
            ObjectNode created;
            synchronized (identities) {
                String unique = text(body, type.uniqueAttribute);
                if (unique == null || unique.isBlank()) {
                    throw EmulatorException.scim(400, type.uniqueAttribute + " is required", "invalidValue");
                }
                if (type.exists(identities, unique)) {
                    throw EmulatorException.scim(409, String.format(type.duplicateDetail, unique), null);
                }
                ScimRules.requireRoomFor(identities, type);
                created = switch (type) {
                    case USERS -> identities.createUser(unique, text(body, "displayName"));
                    case SERVICE_PRINCIPALS -> identities.createServicePrincipal(unique, text(body, "displayName"));
                    case GROUPS -> identities.createGroup(unique);
                };
                String id = created.get("id").asText();
                try {
                    copyWritable(body, created, type, true);
                    applyMembers(identities, created, body.get("members"));
                    if (type != ScimResourceType.GROUPS) {
                        identities.addMember(identities.usersGroupId(), id);
                    }
                } catch (RuntimeException invalid) {
                    identities.delete(id);
                    throw invalid;
                }
            }
            return JsonBodies.status(201, render(workspace, created));
        });
    }

    private Mono<ServerResponse> replace(ServerRequest request, ScimResourceType type) {
        ScimRules.requireAdmin(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> mutate(request, type, (identities, resource) -> {
            List<String> toRemove = new ArrayList<>();
            resource.fieldNames().forEachRemaining(name -> {
                if (!READ_ONLY.contains(name) && !name.equals("userName") && !name.equals("emails")
                        && !(type == ScimResourceType.SERVICE_PRINCIPALS && name.equals("applicationId"))
                        && !(type == ScimResourceType.GROUPS && name.equals("displayName"))) {
                    toRemove.add(name);
                }
            });
            resource.remove(toRemove);
            if (type == ScimResourceType.GROUPS) {
                resource.putArray("members");
                String newName = text(body, "displayName");
                if (newName != null && !newName.equals(resource.path("displayName").asText())) {
                    if (identities.groupByName(newName).isPresent()) {
                        throw EmulatorException.scim(409, String.format(type.duplicateDetail, newName), null);
                    }
                    resource.put("displayName", newName);
                }
            }
            copyWritable(body, resource, type, false);
            if (!resource.has("active") && type != ScimResourceType.GROUPS) {
                resource.put("active", true);
            }
            applyMembers(identities, resource, body.get("members"));
        }));
    }

    private Mono<ServerResponse> patch(ServerRequest request, ScimResourceType type) {
        ScimRules.requireAdmin(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> {
            JsonNode operations = body.get("Operations");
            if (operations == null || !operations.isArray()) {
                throw EmulatorException.scim(400, "Operations must be an array", "invalidSyntax");
            }
            return mutate(request, type, (identities, resource) -> ScimPatch.apply(identities, resource, type, operations));
        });
    }

    /** Changes one resource all or nothing: a change that fails leaves the resource as it was. */
    private Mono<ServerResponse> mutate(ServerRequest request, ScimResourceType type,
                                        java.util.function.BiConsumer<IdentityStore, ObjectNode> change) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        IdentityStore identities = workspace.identities();
        ObjectNode resource;
        synchronized (identities) {
            resource = find(workspace, type, request.pathVariable("id"));
            ObjectNode before = resource.deepCopy();
            try {
                change.accept(identities, resource);
            } catch (RuntimeException invalid) {
                restore(resource, before);
                throw invalid;
            }
        }
        return JsonBodies.ok(render(workspace, resource));
    }

    private Mono<ServerResponse> delete(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        ScimRules.requireAdmin(request);
        String id = request.pathVariable("id");
        IdentityStore identities = workspace.identities();
        synchronized (identities) {
            find(workspace, type, id);
            if (id.equals(identities.adminsGroupId()) || id.equals(identities.usersGroupId())) {
                throw EmulatorException.scim(400, "The built-in group " + identities.groups().get(id).path("displayName").asText()
                        + " cannot be deleted", "mutability");
            }
            identities.delete(id);
        }
        return ServerResponse.noContent().build();
    }

    private void copyWritable(JsonNode body, ObjectNode target, ScimResourceType type, boolean creating) {
        body.fields().forEachRemaining(field -> {
            String name = field.getKey();
            if (READ_ONLY.contains(name) || name.equals(type.uniqueAttribute) || name.equals("members")
                    || (!creating && name.equals("emails"))) {
                return;
            }
            if (name.equals("entitlements")) {
                field.getValue().forEach(entry -> ScimRules.requireEntitlement(entry.path("value").asText()));
            }
            if (name.equals("active") && !field.getValue().isBoolean()) {
                target.put("active", Boolean.parseBoolean(field.getValue().asText()));
                return;
            }
            target.set(name, field.getValue().deepCopy());
        });
    }

    private static void applyMembers(IdentityStore identities, ObjectNode group, JsonNode members) {
        if (members == null || !group.has("members")) {
            return;
        }
        String groupId = group.get("id").asText();
        for (JsonNode member : members) {
            String memberId = member.path("value").asText();
            ScimRules.requireMember(identities, memberId);
            identities.addMember(groupId, memberId);
        }
    }

    private static void restore(ObjectNode resource, ObjectNode before) {
        resource.removeAll();
        resource.setAll(before);
    }

    private ObjectNode render(EmulatedWorkspace workspace, ObjectNode resource) {
        IdentityStore identities = workspace.identities();
        ObjectNode copy = resource.deepCopy();
        String id = copy.get("id").asText();
        List<String> direct = identities.directGroupsOf(id);
        List<String> all = identities.allGroupsOf(id);
        if (!all.isEmpty()) {
            ArrayNode groups = copy.putArray("groups");
            for (String groupId : all) {
                ObjectNode group = identities.groups().get(groupId);
                groups.addObject().put("display", group.path("displayName").asText()).put("type",
                        direct.contains(groupId) ? "direct" : "indirect").put("value", groupId).put("$ref", "Groups/" + groupId);
            }
        }
        return copy;
    }

    private static ObjectNode find(EmulatedWorkspace workspace, ScimResourceType type, String id) {
        ObjectNode resource = type.resources(workspace.identities()).get(id);
        if (resource == null) {
            throw EmulatorException.scim(404, type.notFound(id), null);
        }
        return resource;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
