package dev.bricklayer.emulator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.workspace.EmulatedWorkspace;

class FederatedWorkspaceTest extends AccountApiTestBase {

    private static final String WORKSPACE_SCIM = "/api/2.0/preview/scim/v2";

    @Test
    void aNewWorkspaceInARegionWithAMetastoreHasItAssigned() throws Exception {
        JsonNode assignment = account("GET", ACCOUNT_API + "/workspaces/" + workspaceId() + "/metastore", null, 200);

        assertSameShape(mapper.readTree(fixture("account/workspaces.metastore.GET.response.json")), assignment, "assignment");
        assertThat(assignment.get("metastore_assignment").get("workspace_id").asLong()).isEqualTo(Long.parseLong(workspaceId()));
    }

    @Test
    void assignedAccountUsersAndGroupsAppearInTheWorkspacesScimUnderTheirAccountIds() throws Exception {
        String user = accountUser("federated@contoso.com");
        String group = account("POST", ACCOUNT_API + "/scim/v2/Groups", Map.of("displayName", "data-engineers",
                "members", List.of(Map.of("value", user))), 201).get("id").asText();

        JsonNode answer = json(account("PUT", ACCOUNT_API + "/workspaces/" + workspaceId() + "/permissionassignments/principals/"
                + group, accountAdmin(), fixture("account/permissionassignments.principals.PUT.request.json")), 200);
        JsonNode groups = json(call("GET", WORKSPACE_SCIM + "/Groups", admin(), null), 200);
        JsonNode users = json(call("GET", WORKSPACE_SCIM + "/Users?filter=userName%20eq%20%22federated@contoso.com%22", admin(), null), 200);
        JsonNode listed = account("GET", ACCOUNT_API + "/workspaces/" + workspaceId() + "/permissionassignments", null, 200);

        assertSameShape(mapper.readTree(fixture("account/permissionassignments.principals.PUT.response.json")), answer, "assignment");
        assertThat(answer.get("principal").get("group_name").asText()).isEqualTo("data-engineers");
        assertThat(groups.get("Resources")).filteredOn(g -> g.get("displayName").asText().equals("data-engineers"))
                .singleElement().satisfies(g -> {
                    assertThat(g.get("id").asText()).isEqualTo(group);
                    assertThat(g.get("meta").get("resourceType").asText()).isEqualTo("Group");
                });
        assertThat(groups.get("Resources")).filteredOn(g -> g.get("displayName").asText().equals("users"))
                .singleElement().satisfies(g -> assertThat(g.get("meta").get("resourceType").asText()).isEqualTo("WorkspaceGroup"));
        assertThat(users.get("Resources").get(0).get("id").asText()).isEqualTo(user);
        assertSameShape(mapper.readTree(fixture("account/permissionassignments.GET.response.json")), listed, "assignments");
    }

    @Test
    void anAdminAssignmentMakesAWorkspaceAdminAndUserTakesItAway() throws Exception {
        String user = accountUser("promoted@contoso.com");

        assign(user, "ADMIN");
        boolean adminThen = workspace.identities().isAdmin(user);
        JsonNode demoted = account("PUT", ACCOUNT_API + "/workspaces/" + workspaceId() + "/permissionassignments/principals/" + user,
                Map.of("permissions", List.of("USER", "admin")), 200);

        assertThat(adminThen).isTrue();
        assertThat(workspace.identities().isAdmin(user)).isFalse();
        assertThat(demoted.get("permissions")).extracting(JsonNode::asText).containsExactly("USER");
        account("DELETE", ACCOUNT_API + "/workspaces/" + workspaceId() + "/permissionassignments/principals/" + user, null, 200);
        assertThat(workspace.identities().principal(user)).isEmpty();
    }

    @Test
    void aUserCreatedThroughWorkspaceScimIsAnAccountUser() throws Exception {
        JsonNode created = json(call("POST", WORKSPACE_SCIM + "/Users", admin(), Map.of("userName", "joiner@contoso.com",
                "entitlements", List.of(Map.of("value", "allow-cluster-create")))), 201);
        JsonNode inAccount = account("GET", ACCOUNT_API + "/scim/v2/Users?filter=userName%20eq%20%22joiner@contoso.com%22", null, 200);

        assertThat(inAccount.get("Resources").get(0).get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(created.get("entitlements").get(0).get("value").asText()).isEqualTo("allow-cluster-create");
        assertThat(created.get("groups")).extracting(g -> g.get("display").asText()).contains("users");
        json(call("DELETE", WORKSPACE_SCIM + "/Users/" + created.get("id").asText(), admin(), null), 204);
        assertThat(account("GET", ACCOUNT_API + "/scim/v2/Users/" + created.get("id").asText(), null, 200).get("userName").asText())
                .isEqualTo("joiner@contoso.com");
        assertThat(workspace.identities().principal(created.get("id").asText())).isEmpty();
    }

    @Test
    void anAccountGroupsMembershipCannotChangeThroughWorkspaceScimButItsEntitlementsCan() throws Exception {
        String user = accountUser("analyst@contoso.com");
        String group = account("POST", ACCOUNT_API + "/scim/v2/Groups", Map.of("displayName", "analysts-account"), 201)
                .get("id").asText();
        assign(group, "USER");
        assign(user, "USER");
        String local = json(call("POST", WORKSPACE_SCIM + "/Groups", admin(), Map.of("displayName", "local")), 201).get("id").asText();

        JsonNode membership = json(call("PATCH", WORKSPACE_SCIM + "/Groups/" + group, admin(), Map.of("Operations",
                List.of(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", user)))))), 400);
        JsonNode nesting = json(call("PATCH", WORKSPACE_SCIM + "/Groups/" + local, admin(), Map.of("Operations",
                List.of(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", group)))))), 400);
        JsonNode entitled = json(call("PATCH", WORKSPACE_SCIM + "/Groups/" + group, admin(), Map.of("Operations",
                List.of(Map.of("op", "add", "path", "entitlements", "value", List.of(Map.of("value", "databricks-sql-access")))))), 200);
        json(call("PATCH", WORKSPACE_SCIM + "/Groups/" + local, admin(), Map.of("Operations",
                List.of(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", user)))))), 200);
        account("PATCH", ACCOUNT_API + "/scim/v2/Groups/" + group, Map.of("Operations",
                List.of(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", user))))), 200);

        assertThat(membership.get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(nesting.get("detail").asText()).contains("account group");
        assertThat(entitled.get("entitlements").get(0).get("value").asText()).isEqualTo("databricks-sql-access");
        JsonNode read = json(call("GET", WORKSPACE_SCIM + "/Groups/" + group, admin(), null), 200);
        assertThat(read.get("members")).extracting(m -> m.get("value").asText()).containsExactly(user);
        assertThat(read.get("entitlements").get(0).get("value").asText()).isEqualTo("databricks-sql-access");
        assertThat(json(call("GET", WORKSPACE_SCIM + "/Groups/" + local, admin(), null), 200).get("members"))
                .extracting(m -> m.get("value").asText()).containsExactly(user);
    }

    @Test
    void aWorkspaceWithoutAMetastoreTakesNoPermissionAssignments() throws Exception {
        EmulatedWorkspace elsewhere = workspaces.create(SUBSCRIPTION + "/resourceGroups/rg-test/providers/Microsoft.Databricks/"
                + "workspaces/no-metastore-" + System.nanoTime(), "no-metastore-" + System.nanoTime(), "northeurope", "premium");
        String user = accountUser("nowhere-" + System.nanoTime() + "@contoso.com");

        JsonNode refused = account("PUT", ACCOUNT_API + "/workspaces/" + elsewhere.workspaceId() + "/permissionassignments/principals/"
                + user, Map.of("permissions", List.of("USER")), 400);
        JsonNode none = account("GET", ACCOUNT_API + "/workspaces/" + elsewhere.workspaceId() + "/metastore", null, 404);

        assertThat(refused.get("message").asText()).isEqualTo("Permission assignments not supported for current workspace.");
        assertThat(none.get("error_code").asText()).isEqualTo("METASTORE_DOES_NOT_EXIST");
    }

    @Test
    void aWorkspaceAdminAssignsByNameOnTheWorkspaceHostAndAnUnknownNameIsAnItemError() throws Exception {
        String user = accountUser("test.user@databricks.com");

        JsonNode byName = json(call("POST", "/api/2.0/preview/permissionassignments", admin(),
                fixture("account/workspace.preview-permissionassignments.POST.by-user_name.request.json")), 200);
        JsonNode promoted = json(call("PUT", "/api/2.0/preview/permissionassignments/principals/" + user, admin(),
                fixture("account/workspace.preview-permissionassignments.principals.PUT.request.json")), 200);
        JsonNode unknown = json(call("POST", "/api/2.0/preview/permissionassignments", admin(), Map.of("permission_assignments",
                List.of(Map.of("group_name", "nonexistent-group", "permissions", List.of("USER"))))), 200);

        assertSameShape(mapper.readTree(fixture("account/adapted-workspace.preview-permissionassignments.POST.by-user_name.response.json")),
                byName, "by name");
        assertThat(promoted.get("permissions")).extracting(JsonNode::asText).containsExactly("ADMIN");
        assertThat(unknown).isEqualTo(mapper.readTree(fixture(
                "account/adapted-workspace.preview-permissionassignments.POST.error-principal-not-found.response.json")));
        assertThat(workspace.identities().isAdmin(user)).isTrue();
    }

    @Test
    void metastoreAssignmentBodiesAreWrappedAndAnsweredWithAnEmptyObject() throws Exception {
        String metastore = account("GET", ACCOUNT_API + "/metastores", null, 200).get("metastores").get(0).get("metastore_id").asText();
        String create = fixture("account/workspaces.metastores.POST.request.json").replace("\"a\"", "\"" + metastore + "\"");
        String update = fixture("account/workspaces.metastores.PUT.request.json").replace("\"b\"", "\"" + metastore + "\"");
        String path = ACCOUNT_API + "/workspaces/" + workspaceId() + "/metastores/" + metastore;

        JsonNode assigned = account("POST", path, create, 200);
        JsonNode updated = account("PUT", path, update, 200);
        JsonNode workspacesOf = account("GET", ACCOUNT_API + "/metastores/" + metastore + "/workspaces", null, 200);

        assertThat(assigned.isEmpty()).isTrue();
        assertThat(updated.isEmpty()).isTrue();
        assertThat(workspacesOf.get("workspace_ids")).extracting(JsonNode::asLong).contains(Long.parseLong(workspaceId()));
        account("DELETE", path, null, 200);
        account("GET", ACCOUNT_API + "/workspaces/" + workspaceId() + "/metastore", null, 404);
    }
}
