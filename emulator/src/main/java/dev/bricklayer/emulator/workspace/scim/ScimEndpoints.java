package dev.bricklayer.emulator.workspace.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.IdentityStore;
import reactor.core.publisher.Mono;

/**
 * The SCIM 2.0 resources {@code Users}, {@code Groups} and {@code ServicePrincipals} under a {@link ScimDialect}'s base:
 * create (201), get (with a {@link ScimProjection}), list (a {@link ScimListQuery}: filter, sort, paging, projection),
 * PUT, PATCH (a {@link ScimPatch}; all or nothing), DELETE (204). A workspace's and an account's SCIM API are this with
 * their own dialect.
 */
public final class ScimEndpoints {

    private static final Set<String> READ_ONLY = Set.of("id", "schemas", "meta", "groups");

    private final ScimDialect dialect;
    private final JsonBodies bodies;

    public ScimEndpoints(ScimDialect dialect, JsonBodies bodies) {
        this.dialect = dialect;
        this.bodies = bodies;
    }

    /** Adds the routes of the three resource types to {@code routes}. */
    public RouterFunctions.Builder addTo(RouterFunctions.Builder routes) {
        for (ScimResourceType type : ScimResourceType.values()) {
            String path = dialect.base() + "/" + type.path;
            routes.GET(path, request -> list(request, type))
                    .POST(path, request -> create(request, type))
                    .GET(path + "/{id}", request -> get(request, type))
                    .PUT(path + "/{id}", request -> replace(request, type))
                    .PATCH(path + "/{id}", request -> patch(request, type))
                    .DELETE(path + "/{id}", request -> delete(request, type));
        }
        return routes;
    }

    private Mono<ServerResponse> get(ServerRequest request, ScimResourceType type) {
        IdentityStore identities = dialect.identities(request);
        ObjectNode resource = find(identities, type, request.pathVariable("id"));
        return JsonBodies.ok(ScimProjection.of(request, type).apply(dialect.render(request, identities, resource, type, false)));
    }

    private Mono<ServerResponse> list(ServerRequest request, ScimResourceType type) {
        IdentityStore identities = dialect.identities(request);
        ScimListQuery query = ScimListQuery.of(request, type, dialect.filterNodeLimit());
        List<ObjectNode> matching = new ArrayList<>();
        identities.withMemberships(() -> {
            for (ObjectNode resource : type.resources(identities).values()) {
                ObjectNode rendered = dialect.render(request, identities, resource, type, true);
                if (query.matches(rendered)) {
                    matching.add(rendered);
                }
            }
            return null;
        });
        return JsonBodies.ok(query.answer(matching));
    }

    private Mono<ServerResponse> create(ServerRequest request, ScimResourceType type) {
        dialect.requireWriter(request);
        IdentityStore identities = dialect.identities(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> {
            dialect.checkAttributes(type, body);
            String unique = text(body, type.uniqueAttribute);
            if (unique == null || unique.isBlank()) {
                throw EmulatorException.scim(400, type.uniqueAttribute + " is required", "invalidValue");
            }
            ObjectNode created = dialect.createElsewhere(request, type, unique, body).map(made -> {
                synchronized (identities) {
                    copyWritable(body, made, type, true);
                }
                return made;
            }).orElseGet(() -> createHere(identities, type, unique, body));
            dialect.changed(request);
            return JsonBodies.status(201, dialect.render(request, identities, created, type, false));
        });
    }

    private ObjectNode createHere(IdentityStore identities, ScimResourceType type, String unique, ObjectNode body) {
        synchronized (identities) {
            if (type.exists(identities, unique)) {
                throw EmulatorException.scim(409, dialect.duplicateDetail(type, unique), null);
            }
            dialect.requireRoomFor(identities, type);
            ObjectNode created = switch (type) {
                case USERS -> identities.createUser(unique, text(body, "displayName"));
                case SERVICE_PRINCIPALS -> identities.createServicePrincipal(unique, text(body, "displayName"));
                case GROUPS -> identities.createGroup(unique);
            };
            try {
                copyWritable(body, created, type, true);
                applyMembers(identities, created, body.get("members"));
                dialect.complete(type, created);
            } catch (RuntimeException invalid) {
                identities.delete(created.get("id").asText());
                throw invalid;
            }
            return created;
        }
    }

    private Mono<ServerResponse> replace(ServerRequest request, ScimResourceType type) {
        dialect.requireWriter(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> {
            dialect.checkAttributes(type, body);
            return mutate(request, type, null, (identities, resource) -> {
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
                            throw EmulatorException.scim(409, dialect.duplicateDetail(type, newName), null);
                        }
                        resource.put("displayName", newName);
                    }
                }
                copyWritable(body, resource, type, false);
                if (!resource.has("active") && type != ScimResourceType.GROUPS) {
                    resource.put("active", true);
                }
                applyMembers(identities, resource, body.get("members"));
            }).flatMap(JsonBodies::ok);
        });
    }

    private Mono<ServerResponse> patch(ServerRequest request, ScimResourceType type) {
        dialect.requireWriter(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> {
            JsonNode operations = body.get("Operations");
            if (operations == null || !operations.isArray()) {
                throw EmulatorException.scim(400, "Operations must be an array", "invalidSyntax");
            }
            for (JsonNode operation : operations) {
                dialect.checkAttributes(type, valuesOf(operation));
            }
            return mutate(request, type, operations, (identities, resource) -> {
                for (JsonNode operation : operations) {
                    if ("members".equals(operation.path("path").asText()) && operation.path("value").isArray()) {
                        operation.get("value").forEach(member -> dialect.checkMember(identities, member.path("value").asText()));
                    }
                }
                ScimPatch.apply(identities, resource, type, operations);
            }).flatMap(rendered -> JsonBodies.ok(dialect.patched(rendered)));
        });
    }

    /** Changes one resource all or nothing: a change that fails leaves the resource as it was. */
    private Mono<ObjectNode> mutate(ServerRequest request, ScimResourceType type, JsonNode operations,
                                    BiConsumer<IdentityStore, ObjectNode> change) {
        IdentityStore identities = dialect.identities(request);
        ObjectNode resource;
        synchronized (identities) {
            resource = find(identities, type, request.pathVariable("id"));
            dialect.checkChange(identities, resource, operations);
            ObjectNode before = resource.deepCopy();
            try {
                change.accept(identities, resource);
            } catch (RuntimeException invalid) {
                resource.removeAll();
                resource.setAll(before);
                throw invalid;
            }
        }
        dialect.changed(request);
        return Mono.just(dialect.render(request, identities, resource, type, false));
    }

    private Mono<ServerResponse> delete(ServerRequest request, ScimResourceType type) {
        dialect.requireWriter(request);
        IdentityStore identities = dialect.identities(request);
        String id = request.pathVariable("id");
        synchronized (identities) {
            find(identities, type, id);
            if (id.equals(identities.adminsGroupId()) || id.equals(identities.usersGroupId())) {
                throw EmulatorException.scim(400, "The built-in group " + identities.groups().get(id).path("displayName").asText()
                        + " cannot be deleted", "mutability");
            }
            if (!dialect.deleteElsewhere(request, identities, id)) {
                identities.delete(id);
            }
        }
        dialect.changed(request);
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

    private void applyMembers(IdentityStore identities, ObjectNode group, JsonNode members) {
        if (members == null || !group.has("members")) {
            return;
        }
        String groupId = group.get("id").asText();
        for (JsonNode member : members) {
            String memberId = member.path("value").asText();
            ScimRules.requireMember(identities, memberId);
            dialect.checkMember(identities, memberId);
            identities.addMember(groupId, memberId);
        }
    }

    /** The attributes a PATCH operation writes, as an object: {@code {path: value}}, or its value without a path. */
    private static JsonNode valuesOf(JsonNode operation) {
        String path = operation.path("path").asText("");
        if (path.isEmpty()) {
            return operation.path("value").isObject() ? operation.get("value") : JsonNodeFactory.instance.objectNode();
        }
        String attribute = path.split("[\\[.]")[0];
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        values.set(attribute, operation.has("value") ? operation.get("value") : JsonNodeFactory.instance.nullNode());
        return values;
    }

    private static ObjectNode find(IdentityStore identities, ScimResourceType type, String id) {
        ObjectNode resource = type.resources(identities).get(id);
        if (resource == null) {
            throw EmulatorException.scim(404, type.notFound(id), null);
        }
        return resource;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
