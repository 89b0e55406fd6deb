package dev.bricklayer.emulator.workspace.scim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.JsonUtils;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.workspace.IdentityStore;

/**
 * Applies a SCIM PATCH's {@code Operations} to one resource: {@code add}, {@code remove} and {@code replace} as the
 * UnboundID SCIM 2 SDK applies them (paths with filters such as {@code members[value eq "…"]} included), with
 * Databricks' rules on top — {@code userName} and {@code emails} cannot change (such operations are ignored),
 * entitlements and roles are value sets, a group's new name must be free, added members must exist, and a group's
 * members end up unique with their display names. The caller makes it all or nothing.
 */
final class ScimPatch {

    private static final Set<String> OPERATIONS = Set.of("add", "remove", "replace");

    private ScimPatch() {
    }

    static void apply(IdentityStore identities, ObjectNode resource, ScimResourceType type, JsonNode operations) {
        for (JsonNode operation : operations) {
            applyOne(identities, resource, type, operation);
        }
        normaliseMembers(identities, resource);
    }

    private static void applyOne(IdentityStore identities, ObjectNode resource, ScimResourceType type, JsonNode operation) {
        String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
        String path = operation.hasNonNull("path") ? operation.get("path").asText() : null;
        JsonNode value = operation.get("value");
        if (!OPERATIONS.contains(op)) {
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
        if ("active".equals(path) && value != null && !value.isBoolean()) {
            // Terraform deactivates with [{"value": "false"}] (reference §7.2); a string is accepted too
            JsonNode given = value.isArray() && value.size() > 0 ? value.get(0).path("value") : value;
            value = JsonNodeFactory.instance.booleanNode(given.isBoolean() ? given.asBoolean() : Boolean.parseBoolean(given.asText()));
        }
        if (type == ScimResourceType.GROUPS && "members".equals(path) && "add".equals(op) && value != null) {
            for (JsonNode member : value) {
                ScimRules.requireMember(identities, member.path("value").asText());
            }
        }
        applyWithSdk(resource, op, path, value);
        if ("active".equals(path) && !resource.path("active").isBoolean()) {
            resource.put("active", Boolean.parseBoolean(resource.path("active").asText()));
        }
    }

    private static void applyWithSdk(ObjectNode resource, String op, String path, JsonNode value) {
        try {
            ObjectNode operationNode = JsonNodeFactory.instance.objectNode();
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
            given.forEach(ScimRules::requireEntitlement);
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

    /**
     * After a patch: members need display and $ref, no duplicates, no unknown ids — in one pass over the members (a
     * group of 3,000 members rebuilt member by member made every PATCH of it quadratic).
     */
    private static void normaliseMembers(IdentityStore identities, ObjectNode resource) {
        if (!resource.has("members") || !resource.get("members").isArray()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        resource.get("members").forEach(member -> ids.add(member.path("value").asText()));
        ids.forEach(id -> ScimRules.requireMember(identities, id));
        resource.putArray("members");
        identities.addMembers(resource.get("id").asText(), ids);
    }
}
