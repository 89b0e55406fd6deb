package dev.bricklayer.emulator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class IdentityResolutionTest extends AccountApiTestBase {

    private static final String IDENTITY = "/api/2.0/identity/accounts/" + ACCOUNT;
    private static final String PLATFORM_OBJECT_ID = "0a1b2c3d-0000-4000-8000-000000000001";

    private JsonNode admin(String method, String path, Object body, int status) throws Exception {
        return json(http.send(method, servers.adminBaseUrl() + path, Map.of(), mapper.writeValueAsString(body)), status);
    }

    private void aim(boolean enabled) throws Exception {
        admin("PUT", "/admin/accounts/" + ACCOUNT + "/automatic-identity-management", Map.of("enabled", enabled), 200);
    }

    @Test
    void anAccountWithoutAutomaticIdentityManagementRefusesToResolve() throws Exception {
        aim(false);
        String person = admin("POST", "/admin/directory/people", Map.of("userPrincipalName", "off@contoso.com"), 201)
                .get("objectId").asText();

        JsonNode refused = account("POST", IDENTITY + "/users/resolve-by-external-id", Map.of("external_id", person), 400);

        assertThat(refused.get("error_code").asText()).isEqualTo("FEATURE_DISABLED");
        assertThat(accounts.require(ACCOUNT).identities().userByName("off@contoso.com")).isEmpty();
    }

    @Test
    void usersGroupsAndServicePrincipalsOfEntraIdAreMadeOnFirstResolutionAndFoundAfter() throws Exception {
        aim(true);
        String alice = admin("POST", "/admin/directory/people", Map.of("userPrincipalName", "alice@contoso.com",
                "displayName", "Alice Archer", "givenName", "Alice", "familyName", "Archer"), 201).get("objectId").asText();
        String group = admin("POST", "/admin/directory/groups", Map.of("displayName", "entra-analysts", "members", List.of(alice)), 201)
                .get("objectId").asText();

        JsonNode user = account("POST", IDENTITY + "/users/resolve-by-external-id", Map.of("external_id", alice), 200).get("user");
        JsonNode again = account("POST", IDENTITY + "/users/resolve-by-external-id", Map.of("external_id", alice), 200).get("user");
        JsonNode resolvedGroup = json(call("POST", "/api/2.0/identity/groups/resolve-by-external-id", admin(),
                Map.of("external_id", group)), 200).get("group");
        JsonNode sp = account("POST", IDENTITY + "/service-principals/resolve-by-external-id",
                Map.of("external_id", PLATFORM_OBJECT_ID), 200).get("service_principal");
        JsonNode unknown = account("POST", IDENTITY + "/users/resolve-by-external-id", Map.of("external_id", "no-such-object"), 404);
        JsonNode scimGroup = account("GET", ACCOUNT_API + "/scim/v2/Groups/" + resolvedGroup.get("group_id").asText(), null, 200);
        aim(false);

        assertThat(user.get("username").asText()).isEqualTo("alice@contoso.com");
        assertThat(user.get("external_id").asText()).isEqualTo(alice);
        assertThat(user.get("full_name").get("given_name").asText()).isEqualTo("Alice");
        assertThat(user.get("account_user_status").asText()).isEqualTo("ACTIVE");
        assertThat(user.get("account_id").asText()).isEqualTo(ACCOUNT);
        assertThat(again.get("user_id").asText()).isEqualTo(user.get("user_id").asText());
        assertThat(resolvedGroup.get("group_name").asText()).isEqualTo("entra-analysts");
        assertThat(scimGroup.get("members")).extracting(m -> m.get("value").asText()).containsExactly(user.get("user_id").asText());
        assertThat(scimGroup.get("externalId").asText()).isEqualTo(group);
        assertThat(sp.get("application_id").asText()).isEqualTo(PLATFORM_CLIENT);
        assertThat(unknown.get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }
}
