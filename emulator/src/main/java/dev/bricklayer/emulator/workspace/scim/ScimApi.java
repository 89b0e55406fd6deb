package dev.bricklayer.emulator.workspace.scim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import reactor.core.publisher.Mono;

/**
 * SCIM 2.0 of a workspace, {@code /api/2.0/preview/scim/v2/{Users,Groups,ServicePrincipals,Me}}: create, get,
 * list with {@code filter} (parsed and evaluated by the UnboundID SCIM 2 SDK), {@code startIndex}, {@code count},
 * {@code attributes}, {@code excludedAttributes}, {@code sortBy}/{@code sortOrder}; PUT; PATCH (UnboundID patch
 * operations, with Databricks' rules on top); DELETE. Only workspace admins write.
 */
@Component
public class ScimApi implements WorkspaceApi {

    static final String BASE = "/api/2.0/preview/scim/v2";
    static final Set<String> ENTITLEMENTS = Set.of("allow-cluster-create", "allow-instance-pool-create",
            "databricks-sql-access", "workspace-access", "workspace-consume");
    static final int MAX_USERS_AND_SERVICE_PRINCIPALS = 10_000;
    static final int MAX_GROUPS = 5_000;
    private static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final Set<String> READ_ONLY = Set.of("id", "schemas", "meta", "groups");

    private final ObjectMapper mapper;
    private final JsonBodies bodies;

    public ScimApi(ObjectMapper mapper, JsonBodies bodies) {
        this.mapper = mapper;
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

    // ---- reads -------------------------------------------------------------------------------------------

    private Mono<ServerResponse> me(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        ObjectNode self = workspace.identities().principal(caller.id()).orElseThrow();
        return JsonBodies.ok(render(workspace, self));
    }

    private Mono<ServerResponse> get(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        ObjectNode resource = find(workspace, type, request.pathVariable("id"));
        return JsonBodies.ok(project(render(workspace, resource), request, type));
    }

    private Mono<ServerResponse> list(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Filter filter = request.queryParam("filter").filter(f -> !f.isBlank()).map(ScimApi::parseFilter).orElse(null);
        List<ObjectNode> matching = new ArrayList<>();
        IdentityStore identities = workspace.identities();
        synchronized (identities) {
            for (ObjectNode resource : store(identities, type).values()) {
                ObjectNode rendered = render(workspace, resource);
                if (filter == null || matches(filter, rendered)) {
                    matching.add(rendered);
                }
            }
        }
        request.queryParam("sortBy").ifPresent(sortBy -> {
            Comparator<ObjectNode> order = Comparator.comparing(node -> sortKey(node, sortBy));
            matching.sort("descending".equalsIgnoreCase(request.queryParam("sortOrder").orElse("ascending"))
                    ? order.reversed() : order);
        });
        int startIndex = Math.max(1, intParam(request, "startIndex", 1));
        int count = Math.max(0, intParam(request, "count", 10_000));
        List<ObjectNode> page = matching.stream().skip(startIndex - 1L).limit(count).map(node -> project(node, request, type)).toList();
        ObjectNode body = mapper.createObjectNode();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", matching.size());
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", page.size());
        ArrayNode resources = body.putArray("Resources");
        page.forEach(resources::add);
        return JsonBodies.ok(body);
    }

    private static String sortKey(ObjectNode node, String sortBy) {
        JsonNode value = node;
        for (String part : sortBy.split("\\.")) {
            value = value.path(part);
        }
        return value.asText("").toLowerCase(Locale.ROOT);
    }

    private static int intParam(ServerRequest request, String name, int fallback) {
        String value = request.queryParam(name).orElse(null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw EmulatorException.scim(400, "Invalid value for " + name + ": " + value, "invalidValue");
        }
    }

    private static Filter parseFilter(String text) {
        try {
            return Filter.fromString(text);
        } catch (ScimException e) {
            throw EmulatorException.scim(400, "Invalid filter: " + e.getMessage(), "invalidFilter");
        }
    }

    private static boolean matches(Filter filter, ObjectNode resource) {
        try {
            return FilterEvaluator.evaluate(filter, resource);
        } catch (ScimException e) {
            throw EmulatorException.scim(400, "Invalid filter: " + e.getMessage(), "invalidFilter");
        }
    }

    /**
     * {@code attributes} keeps only the named top-level attributes (and id, schemas and the type's identifying
     * attribute, as the service does); {@code excludedAttributes} drops some.
     */
    private ObjectNode project(ObjectNode resource, ServerRequest request, ScimResourceType type) {
        String attributes = request.queryParam("attributes").orElse(null);
        String excluded = request.queryParam("excludedAttributes").orElse(null);
        if (attributes == null && excluded == null) {
            return resource;
        }
        ObjectNode copy = resource.deepCopy();
        if (attributes != null && !attributes.isBlank()) {
            Set<String> keep = names(attributes);
            keep.add("id");
            keep.add("schemas");
            keep.add(type.uniqueAttribute);
            copy.retain(keep);
        }
        if (excluded != null && !excluded.isBlank()) {
            Set<String> drop = names(excluded);
            drop.remove("id");
            drop.remove("schemas");
            copy.remove(drop);
        }
        return copy;
    }

    private static Set<String> names(String list) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String trimmed = name.trim();
            int dot = trimmed.indexOf('.');
            String top = dot > 0 ? trimmed.substring(0, dot) : trimmed;
            if (top.startsWith("urn:")) {
                top = top.substring(top.lastIndexOf(':') + 1);
            }
            if (!top.isEmpty()) {
                names.add(top);
            }
        }
        return names;
    }

    // ---- writes ------------------------------------------------------------------------------------------

    private Mono<ServerResponse> create(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        requireAdmin(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> {
            IdentityStore identities = workspace.identities();
            ObjectNode created;
            synchronized (identities) {
                String unique = text(body, type.uniqueAttribute);
                if (unique == null || unique.isBlank()) {
                    throw EmulatorException.scim(400, type.uniqueAttribute + " is required", "invalidValue");
                }
                if (exists(identities, type, unique)) {
                    throw EmulatorException.scim(409, String.format(type.duplicateDetail, unique), null);
                }
                checkLimits(identities, type);
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
        requireAdmin(request);
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
        requireAdmin(request);
        return bodies.object(request, JsonBodies.Format.SCIM).flatMap(body -> {
            JsonNode operations = body.get("Operations");
            if (operations == null || !operations.isArray()) {
                throw EmulatorException.scim(400, "Operations must be an array", "invalidSyntax");
            }
            return mutate(request, type, (identities, resource) -> {
                for (JsonNode operation : operations) {
                    apply(identities, resource, type, operation);
                }
                normaliseMembers(identities, resource);
            });
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

    private void apply(IdentityStore identities, ObjectNode resource, ScimResourceType type, JsonNode operation) {
        String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
        String path = operation.hasNonNull("path") ? operation.get("path").asText() : null;
        JsonNode value = operation.get("value");
        if (!Set.of("add", "remove", "replace").contains(op)) {
            throw EmulatorException.scim(400, "Unsupported patch operation " + operation.path("op").asText(), "invalidSyntax");
        }
        if (path != null && (path.equals("userName") || path.equals("emails") || path.startsWith("emails["))) {
            return; // userName and emails cannot be changed: Databricks ignores such operations
        }
        if (path != null && (path.equals("entitlements") || path.equals("roles"))) {
            patchValues(resource, path, op, value);
            return;
        }
        if (path != null && path.equals("displayName") && type == ScimResourceType.GROUPS && value != null
                && !value.asText().equals(resource.path("displayName").asText())
                && identities.groupByName(value.asText()).isPresent()) {
            throw EmulatorException.scim(409, String.format(type.duplicateDetail, value.asText()), null);
        }
        if (path == null && value != null && value.isObject()) {
            ObjectNode values = ((ObjectNode) value).deepCopy();
            values.remove(List.of("id", "schemas", "meta", "userName", "emails"));
            if (values.has("entitlements")) {
                patchValues(resource, "entitlements", op, values.remove("entitlements"));
            }
            value = values;
        }
        if (type == ScimResourceType.GROUPS && "members".equals(path) && "add".equals(op) && value != null) {
            for (JsonNode member : value) {
                requireMember(identities, member.path("value").asText());
            }
        }
        try {
            ObjectNode operationNode = mapper.createObjectNode();
            operationNode.put("op", op);
            if (path != null) {
                operationNode.put("path", path);
            }
            if (value != null) {
                operationNode.set("value", value);
            }
            PatchOperation patch = JsonUtils.getObjectReader().forType(PatchOperation.class).readValue(operationNode);
            patch.apply(resource);
        } catch (ScimException e) {
            throw EmulatorException.scim(400, e.getMessage(), e.getScimError().getScimType() == null ? "invalidPath"
                    : e.getScimError().getScimType());
        } catch (java.io.IOException e) {
            throw EmulatorException.scim(400, "Invalid patch operation: " + e.getMessage(), "invalidSyntax");
        }
        if ("active".equals(path) && !resource.path("active").isBoolean()) {
            resource.put("active", Boolean.parseBoolean(resource.path("active").asText()));
        }
    }

    /** Entitlements and roles: add, remove (the given values, or all) and replace with a {@code value} array. */
    private static void patchValues(ObjectNode resource, String attribute, String op, JsonNode value) {
        Set<String> current = new LinkedHashSet<>();
        resource.path(attribute).forEach(entry -> current.add(entry.path("value").asText()));
        Set<String> given = new LinkedHashSet<>();
        if (value != null) {
            (value.isArray() ? value : List.of(value)).forEach(entry -> given.add(entry.path("value").asText()));
        }
        if ("entitlements".equals(attribute)) {
            given.forEach(ScimApi::requireEntitlement);
        }
        switch (op) {
            case "add" -> current.addAll(given);
            case "replace" -> {
                current.clear();
                current.addAll(given);
            }
            default -> {
                if (current.isEmpty()) {
                    throw EmulatorException.scim(400, "No such attribute with the name : " + attribute
                            + " in the current resource", "invalidPath");
                }
                if (given.isEmpty()) {
                    current.clear();
                } else {
                    current.removeAll(given);
                }
            }
        }
        ArrayNode array = resource.putArray(attribute);
        current.forEach(entry -> array.addObject().put("value", entry));
        if (current.isEmpty()) {
            resource.remove(attribute);
        }
    }

    private Mono<ServerResponse> delete(ServerRequest request, ScimResourceType type) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        requireAdmin(request);
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

    // ---- helpers -----------------------------------------------------------------------------------------

    private void copyWritable(JsonNode body, ObjectNode target, ScimResourceType type, boolean creating) {
        body.fields().forEachRemaining(field -> {
            String name = field.getKey();
            if (READ_ONLY.contains(name) || name.equals(type.uniqueAttribute) || name.equals("members")
                    || (!creating && name.equals("emails"))) {
                return;
            }
            if (name.equals("entitlements")) {
                field.getValue().forEach(entry -> requireEntitlement(entry.path("value").asText()));
            }
            if (name.equals("active") && !field.getValue().isBoolean()) {
                target.put("active", Boolean.parseBoolean(field.getValue().asText()));
                return;
            }
            target.set(name, field.getValue().deepCopy());
        });
    }

    private static void requireEntitlement(String value) {
        if (!ENTITLEMENTS.contains(value)) {
            throw EmulatorException.scim(400, "Invalid entitlement value: " + value + ". Allowed values: "
                    + String.join(", ", new java.util.TreeSet<>(ENTITLEMENTS)), "invalidValue");
        }
    }

    private static void applyMembers(IdentityStore identities, ObjectNode group, JsonNode members) {
        if (members == null || !group.has("members")) {
            return;
        }
        String groupId = group.get("id").asText();
        for (JsonNode member : members) {
            String memberId = member.path("value").asText();
            requireMember(identities, memberId);
            identities.addMember(groupId, memberId);
        }
    }

    private static void requireMember(IdentityStore identities, String memberId) {
        if (identities.principal(memberId).isEmpty()) {
            throw EmulatorException.scim(404, "Member with id " + memberId + " is not found", null);
        }
    }

    /** After a patch: members need display and $ref, no duplicates, no unknown ids. */
    private static void normaliseMembers(IdentityStore identities, ObjectNode resource) {
        if (!resource.has("members") || !resource.get("members").isArray()) {
            return;
        }
        ArrayNode members = (ArrayNode) resource.get("members");
        List<String> ids = new ArrayList<>();
        members.forEach(member -> {
            String id = member.path("value").asText();
            if (!ids.contains(id)) {
                ids.add(id);
            }
        });
        resource.putArray("members");
        String groupId = resource.get("id").asText();
        for (String id : ids) {
            requireMember(identities, id);
            identities.addMember(groupId, id);
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

    private static Map<String, ObjectNode> store(IdentityStore identities, ScimResourceType type) {
        return switch (type) {
            case USERS -> identities.users();
            case GROUPS -> identities.groups();
            case SERVICE_PRINCIPALS -> identities.servicePrincipals();
        };
    }

    private static boolean exists(IdentityStore identities, ScimResourceType type, String unique) {
        return switch (type) {
            case USERS -> identities.userByName(unique).isPresent();
            case GROUPS -> identities.groupByName(unique).isPresent();
            case SERVICE_PRINCIPALS -> identities.servicePrincipalByApplicationId(unique).isPresent();
        };
    }

    private static void checkLimits(IdentityStore identities, ScimResourceType type) {
        if (type == ScimResourceType.GROUPS && identities.groups().size() >= MAX_GROUPS) {
            throw EmulatorException.scim(400, "The workspace has reached the limit of " + MAX_GROUPS + " groups", "tooMany");
        }
        if (type != ScimResourceType.GROUPS
                && identities.users().size() + identities.servicePrincipals().size() >= MAX_USERS_AND_SERVICE_PRINCIPALS) {
            throw EmulatorException.scim(400, "The workspace has reached the limit of " + MAX_USERS_AND_SERVICE_PRINCIPALS
                    + " users and service principals", "tooMany");
        }
    }

    private static ObjectNode find(EmulatedWorkspace workspace, ScimResourceType type, String id) {
        ObjectNode resource = store(workspace.identities(), type).get(id);
        if (resource == null) {
            throw EmulatorException.scim(404, type.notFound(id), null);
        }
        return resource;
    }

    private static void requireAdmin(ServerRequest request) {
        if (!Caller.of(request).admin()) {
            throw EmulatorException.scim(403, "Only workspace admins can manage users, groups and service principals", null);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
