package dev.bricklayer.emulator.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;

/**
 * Workspace assignment as both its APIs answer it (reference §7.3): a {@code PermissionAssignment} is
 * {@code {"permissions": [...], "principal": {"principal_id", "display_name", "user_name" | "group_name" |
 * "service_principal_name"}, "error"?}}. Only an identity-federated workspace takes assignments (else 400
 * {@code Permission assignments not supported for current workspace.}, [K] the status). A principal the account does
 * not have is an item-level {@code error} in a 200 answer ({@code RESOURCE_DOES_NOT_EXIST: Principal not found in
 * account.}), as the workspace-level API answers an unknown name.
 */
@Component
class PermissionAssignments {

    static final String NOT_FOUND = "RESOURCE_DOES_NOT_EXIST: Principal not found in account.";

    private final Federation federation;

    PermissionAssignments(Federation federation) {
        this.federation = federation;
    }

    /** 400 unless the workspace is identity-federated. */
    void requireFederated(EmulatedWorkspace workspace) {
        if (!federation.federated(workspace)) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                    "Permission assignments not supported for current workspace.");
        }
    }

    /** {@code {"permission_assignments": [...]}} of the workspace. */
    Map<String, Object> list(Account account, EmulatedWorkspace workspace) {
        requireFederated(workspace);
        List<Object> items = new ArrayList<>();
        Federation.assignments(account).of(Federation.idOf(workspace))
                .forEach((id, permission) -> items.add(item(account, id, List.of(permission))));
        return Map.of("permission_assignments", items);
    }

    /** Sets the principal's permissions from {@code requested} (none valid: the assignment goes); the item answered. */
    Map<String, Object> put(Account account, EmulatedWorkspace workspace, String principalId, JsonNode requested) {
        requireFederated(workspace);
        if (account.identities().principal(principalId).isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("principal", Map.of("principal_id", number(principalId)));
            error.put("error", NOT_FOUND);
            return error;
        }
        List<String> values = new ArrayList<>();
        requested.forEach(value -> values.add(value.asText()));
        String permission = WorkspaceAssignments.permission(values);
        federation.assign(account, workspace, principalId, permission);
        return item(account, principalId, permission == null ? List.of() : List.of(permission));
    }

    /** Removes the principal's assignment. */
    void delete(Account account, EmulatedWorkspace workspace, String principalId) {
        requireFederated(workspace);
        if (account.identities().principal(principalId).isEmpty()) {
            throw EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "Principal " + principalId
                    + " does not exist in account " + account.id() + ".");
        }
        federation.assign(account, workspace, principalId, null);
    }

    /** The account principal with that user name, group name or application id. */
    Optional<ObjectNode> byName(Account account, String field, String name) {
        IdentityStore identities = account.identities();
        return switch (field) {
            case "user_name" -> identities.userByName(name);
            case "group_name" -> identities.groupByName(name);
            case "service_principal_name" -> identities.servicePrincipalByApplicationId(name);
            default -> Optional.empty();
        };
    }

    Map<String, Object> item(Account account, String principalId, List<String> permissions) {
        ObjectNode principal = account.identities().principal(principalId).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("principal_id", number(principalId));
        out.put("display_name", principal.path("displayName").asText());
        if (principal.has("userName")) {
            out.put("user_name", principal.get("userName").asText());
        } else if (principal.has("applicationId")) {
            out.put("service_principal_name", principal.get("applicationId").asText());
        } else {
            out.put("group_name", principal.path("displayName").asText());
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("permissions", permissions);
        item.put("principal", out);
        return item;
    }

    static Object number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return id;
        }
    }
}
