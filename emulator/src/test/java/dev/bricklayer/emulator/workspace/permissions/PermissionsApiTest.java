package dev.bricklayer.emulator.workspace.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.core.WorkspaceApiTestBase;

class PermissionsApiTest extends WorkspaceApiTestBase {

    private String policy() throws Exception {
        return json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", "p-" + System.nanoTime(),
                "definition", "{}")), 200).get("policy_id").asText();
    }

    @Test
    void tokenPermissionsDoNotExistUntilTheWorkspaceHoldsAToken() throws Exception {
        json(call("POST", "/api/2.0/preview/scim/v2/Groups", admin(), Map.of("displayName", "data-engineers")), 201);
        Map<String, Object> acl = Map.of("access_control_list", List.of(Map.of("group_name", "data-engineers", "permission_level", "CAN_USE")));

        JsonNode read = json(call("GET", "/api/2.0/permissions/authorization/tokens", admin(), null), 404);
        JsonNode set = json(call("PUT", "/api/2.0/permissions/authorization/tokens", admin(), acl), 404);
        JsonNode update = json(call("PATCH", "/api/2.0/permissions/authorization/tokens", admin(), acl), 404);
        String tokenId = json(call("POST", "/api/2.0/token/create", admin(), Map.of("lifetime_seconds", 300, "comment", "bootstrap")), 200)
                .get("token_info").get("token_id").asText();
        JsonNode setOnceATokenExists = json(call("PUT", "/api/2.0/permissions/authorization/tokens", admin(), acl), 200);
        json(call("POST", "/api/2.0/token/delete", admin(), Map.of("token_id", tokenId)), 200);
        JsonNode readWithoutTokensAgain = json(call("GET", "/api/2.0/permissions/authorization/tokens", admin(), null), 404);

        for (JsonNode refused : List.of(read, set, update, readWithoutTokensAgain)) {
            assertThat(refused.get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
            assertThat(refused.get("message").asText()).isEqualTo("tokens tokens does not exist");
        }
        assertThat(setOnceATokenExists.get("access_control_list").findValuesAsText("group_name")).containsExactly("admins", "data-engineers");
        // the permissions set while a token existed are kept
        assertThat(workspace.store(dev.bricklayer.emulator.workspace.AclStore.class, dev.bricklayer.emulator.workspace.AclStore::new)
                .direct("/authorization/tokens")).containsOnlyKeys("group:data-engineers");
    }

    @Test
    void tokenPermissionsLookLikeTheFixtureAndAlwaysKeepAdmins() throws Exception {
        json(call("POST", "/api/2.0/preview/scim/v2/Groups", admin(), Map.of("displayName", "data-engineers")), 201);
        // Databricks manages token permissions only once the workspace holds a token
        json(call("POST", "/api/2.0/token/create", admin(), Map.of("lifetime_seconds", 300)), 200);

        JsonNode initial = json(call("GET", "/api/2.0/permissions/authorization/tokens", admin(), null), 200);
        JsonNode replaced = json(call("PUT", "/api/2.0/permissions/authorization/tokens", admin(), Map.of("access_control_list",
                List.of(Map.of("group_name", "data-engineers", "permission_level", "CAN_USE")))), 200);
        JsonNode levels = json(call("GET", "/api/2.0/permissions/authorization/tokens/permissionLevels", admin(), null), 200);

        assertSameShape(mapper.readTree(fixture("databricks/tfprovider-exporter-get-tokens-permissions.json")), initial, "tokens");
        assertThat(replaced.get("object_id").asText()).isEqualTo("/authorization/tokens");
        assertThat(replaced.get("object_type").asText()).isEqualTo("tokens");
        assertThat(replaced.get("access_control_list").findValuesAsText("group_name")).containsExactly("admins", "data-engineers");
        assertThat(replaced.get("access_control_list").get(0).get("all_permissions").get(0).get("permission_level").asText()).isEqualTo("CAN_MANAGE");
        assertThat(levels.get("permission_levels").findValuesAsText("permission_level")).containsExactly("CAN_USE");
    }

    @Test
    void putReplacesPatchMergesAndAdminsAreInheritedFromTheRoot() throws Exception {
        String id = policy();
        json(call("POST", "/api/2.0/preview/scim/v2/Users", admin(), Map.of("userName", "u1@contoso.com")), 201);

        JsonNode groupsOnly = json(call("PATCH", "/api/2.0/permissions/cluster-policies/" + id, admin(), Map.of("access_control_list",
                List.of(Map.of("group_name", "users", "permission_level", "CAN_USE")))), 200);
        JsonNode merged = json(call("PATCH", "/api/2.0/permissions/cluster-policies/" + id, admin(), Map.of("access_control_list",
                List.of(Map.of("user_name", "u1@contoso.com", "permission_level", "CAN_USE")))), 200);
        JsonNode replaced = json(call("PUT", "/api/2.0/permissions/cluster-policies/" + id, admin(), Map.of("access_control_list",
                List.of(Map.of("user_name", "u1@contoso.com", "permission_level", "CAN_USE")))), 200);

        assertSameShape(mapper.readTree(fixture("databricks/tfprovider-exporter-get-cluster-policy-permissions.json")), groupsOnly, "policy");
        assertThat(groupsOnly.get("access_control_list").get(1).get("all_permissions").get(0).get("inherited").asBoolean()).isFalse();
        assertThat(merged.get("object_type").asText()).isEqualTo("cluster-policy");
        assertThat(groupsOnly.get("access_control_list").get(0).get("all_permissions").get(0).get("inherited_from_object").get(0).asText())
                .isEqualTo("/cluster-policies/cluster-policies");
        assertThat(merged.get("access_control_list").findValuesAsText("group_name")).containsExactly("admins", "users");
        assertThat(merged.get("access_control_list").findValuesAsText("user_name")).containsExactly("u1@contoso.com");
        assertThat(replaced.get("access_control_list").findValuesAsText("group_name")).containsExactly("admins");
    }

    @Test
    void invalidLevelsUnknownPrincipalsAndUnknownObjectsAreRefused() throws Exception {
        String id = policy();

        JsonNode level = json(call("PATCH", "/api/2.0/permissions/cluster-policies/" + id, admin(), Map.of("access_control_list",
                List.of(Map.of("group_name", "users", "permission_level", "CAN_MANAGE")))), 400);
        JsonNode principal = json(call("PATCH", "/api/2.0/permissions/cluster-policies/" + id, admin(), Map.of("access_control_list",
                List.of(Map.of("user_name", "ghost@contoso.com", "permission_level", "CAN_USE")))), 400);
        JsonNode two = json(call("PATCH", "/api/2.0/permissions/cluster-policies/" + id, admin(), Map.of("access_control_list",
                List.of(Map.of("user_name", "a@b.c", "group_name", "users", "permission_level", "CAN_USE")))), 400);
        JsonNode object = json(call("GET", "/api/2.0/permissions/clusters/0000-000000-missing0", admin(), null), 404);
        JsonNode byUser = json(call("PATCH", "/api/2.0/permissions/cluster-policies/" + id, user("eve@contoso.com"),
                Map.of("access_control_list", List.of(Map.of("user_name", "eve@contoso.com", "permission_level", "CAN_USE")))), 403);

        assertThat(level.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(level.get("message").asText()).contains("CAN_MANAGE").contains("cluster-policy").contains("CAN_USE");
        assertThat(principal.get("message").asText()).contains("ghost@contoso.com");
        assertThat(two.get("message").asText()).contains("Exactly one of");
        assertThat(object.get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(byUser.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    }
}
