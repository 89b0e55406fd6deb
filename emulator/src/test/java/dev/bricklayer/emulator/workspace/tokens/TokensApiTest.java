package dev.bricklayer.emulator.workspace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.core.WorkspaceApiTestBase;

class TokensApiTest extends WorkspaceApiTestBase {

    @Test
    void maxTokenLifetimeIsEnforcedAtCreation() throws Exception {
        json(call("PATCH", "/api/2.0/workspace-conf", admin(), Map.of("maxTokenLifetimeDays", "30", "enableTokensConfig", "true")), 204);

        JsonNode tooLong = json(call("POST", "/api/2.0/token/create", admin(), Map.of("lifetime_seconds", 31 * 86_400, "comment", "too long")), 400);
        JsonNode ok = json(call("POST", "/api/2.0/token/create", admin(), Map.of("lifetime_seconds", 7 * 86_400, "comment", "weekly")), 200);
        JsonNode zero = json(call("POST", "/api/2.0/token/create", admin(), Map.of("lifetime_seconds", 0)), 400);
        JsonNode unlimited = json(call("POST", "/api/2.0/token/create", admin(), Map.of("comment", "no lifetime")), 200);

        assertThat(tooLong.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(tooLong.get("message").asText()).contains("30 days");
        assertThat(ok.get("token_value").asText()).matches("dapi[0-9a-f]{32}");
        JsonNode info = ok.get("token_info");
        assertThat(info.get("expiry_time").asLong() - info.get("creation_time").asLong()).isEqualTo(7L * 86_400_000);
        assertThat(zero.get("message").asText()).isEqualTo("requirement failed: Invalid timeout: 0");
        assertThat(unlimited.get("token_info").get("expiry_time").asLong() - unlimited.get("token_info").get("creation_time").asLong())
                .isEqualTo(30L * 86_400_000);
        // the new token works, and lists itself
        JsonNode own = json(call("GET", "/api/2.0/token/list", Map.of("Authorization", "Bearer " + ok.get("token_value").asText()), null), 200);
        // the token's owner (the platform principal) sees its own tokens with it
        assertThat(own.get("token_infos").findValuesAsText("comment")).containsExactlyInAnyOrder("weekly", "no lifetime");
    }

    @Test
    void usersOutsideTheCanUseGroupsAreRefusedAndMembersAreAllowed() throws Exception {
        json(call("POST", "/api/2.0/preview/scim/v2/Groups", admin(), Map.of("displayName", "token-users")), 201);
        // the users' own tokens exist first: Databricks manages token permissions only once a token exists
        Map<String, String> outsider = user("outsider@contoso.com");
        Map<String, String> insider = user("insider@contoso.com");
        json(call("PUT", "/api/2.0/permissions/authorization/tokens", admin(), Map.of("access_control_list",
                List.of(Map.of("group_name", "token-users", "permission_level", "CAN_USE")))), 200);
        String insiderId = workspace.identities().userByName("insider@contoso.com").orElseThrow().get("id").asText();
        String groupId = workspace.identities().groupByName("token-users").orElseThrow().get("id").asText();
        json(call("PATCH", "/api/2.0/preview/scim/v2/Groups/" + groupId, admin(), Map.of("Operations",
                List.of(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", insiderId)))))), 200);

        JsonNode refused = json(call("POST", "/api/2.0/token/create", outsider, Map.of("lifetime_seconds", 3600)), 403);
        JsonNode allowed = json(call("POST", "/api/2.0/token/create", insider, Map.of("lifetime_seconds", 3600, "comment", "mine")), 200);
        JsonNode mine = json(call("GET", "/api/2.0/token/list", insider, null), 200);

        assertThat(refused.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(allowed.get("token_value").asText()).startsWith("dapi");
        assertThat(mine.get("token_infos").findValuesAsText("comment")).contains("mine");
    }

    @Test
    void tokenManagementListsFiltersAndRevokesAndARevokedTokenNoLongerWorks() throws Exception {
        Map<String, String> ana = user("ana@contoso.com");
        JsonNode created = json(call("POST", "/api/2.0/token/create", ana, Map.of("lifetime_seconds", 3600, "comment", "ana's")), 200);
        String tokenId = created.get("token_info").get("token_id").asText();
        Map<String, String> withNewToken = Map.of("Authorization", "Bearer " + created.get("token_value").asText());
        String anaId = workspace.identities().userByName("ana@contoso.com").orElseThrow().get("id").asText();

        JsonNode all = json(call("GET", "/api/2.0/token-management/tokens", admin(), null), 200);
        JsonNode byName = json(call("GET", "/api/2.0/token-management/tokens?created_by_username=ana@contoso.com", admin(), null), 200);
        JsonNode byId = json(call("GET", "/api/2.0/token-management/tokens?created_by_id=" + anaId, admin(), null), 200);
        JsonNode one = json(call("GET", "/api/2.0/token-management/tokens/" + tokenId, admin(), null), 200);
        assertThat(call("GET", "/api/2.0/token/list", withNewToken, null).statusCode()).isEqualTo(200);
        json(call("DELETE", "/api/2.0/token-management/tokens/" + tokenId, admin(), null), 200);
        JsonNode gone = json(call("GET", "/api/2.0/token-management/tokens/" + tokenId, admin(), null), 404);
        JsonNode revokedUse = json(call("GET", "/api/2.0/token/list", withNewToken, null), 403);
        JsonNode notAdmin = json(call("GET", "/api/2.0/token-management/tokens", ana, null), 403);

        assertThat(all.get("token_infos").findValuesAsText("token_id")).contains(tokenId);
        assertThat(byName.get("token_infos").findValuesAsText("created_by_username")).containsOnly("ana@contoso.com");
        assertThat(byId.get("token_infos").findValuesAsText("token_id")).contains(tokenId);
        assertThat(one.get("token_info").get("created_by_id").isIntegralNumber()).isTrue();
        assertThat(one.get("token_info").get("owner_id").asText()).isEqualTo(anaId);
        assertThat(one.get("token_info").get("workspace_id").asText()).isEqualTo(workspace.workspaceId());
        assertThat(gone).isEqualTo(mapper.readTree(fixture("databricks/token-management.tokens.GET.error-404.json")));
        assertThat(revokedUse.get("message").asText()).isEqualTo("Invalid access token.");
        assertThat(notAdmin.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void onBehalfOfTokensNeedAnExistingServicePrincipalWithCanUse() throws Exception {
        json(call("POST", "/api/2.0/preview/scim/v2/ServicePrincipals", admin(), Map.of("applicationId", "abc",
                "displayName", "etl")), 201);
        JsonNode request = mapper.readTree(fixture("databricks/token-management.on-behalf-of.tokens.POST.request.json"));

        JsonNode created = json(call("POST", "/api/2.0/token-management/on-behalf-of/tokens", admin(), request.toString()), 200);
        JsonNode missing = json(call("POST", "/api/2.0/token-management/on-behalf-of/tokens", admin(),
                Map.of("application_id", "no-such-app", "lifetime_seconds", 60)), 404);
        json(call("PUT", "/api/2.0/permissions/authorization/tokens", admin(), Map.of("access_control_list", List.of())), 200);
        JsonNode noCanUse = json(call("POST", "/api/2.0/token-management/on-behalf-of/tokens", admin(), request.toString()), 403);

        assertSameShape(mapper.readTree(fixture("databricks/token-management.on-behalf-of.tokens.POST.response.json")), created, "obo");
        assertThat(created.get("token_info").get("comment").asText()).isEqualTo("e");
        assertThat(missing.get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(noCanUse.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void disabledTokensRefuseCreationAndUse() throws Exception {
        Map<String, String> bob = user("bob@contoso.com");
        json(call("PATCH", "/api/2.0/workspace-conf", admin(), Map.of("enableTokensConfig", "false")), 204);

        JsonNode create = json(call("POST", "/api/2.0/token/create", admin(), Map.of("lifetime_seconds", 60)), 403);
        JsonNode use = json(call("GET", "/api/2.0/token/list", bob, null), 403);

        assertThat(create.get("message").asText()).contains("disabled");
        assertThat(use.get("message").asText()).isEqualTo("Invalid access token.");
    }
}
