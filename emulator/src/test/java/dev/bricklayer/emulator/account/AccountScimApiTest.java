package dev.bricklayer.emulator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class AccountScimApiTest extends AccountApiTestBase {

    private static final String USERS = ACCOUNT_API + "/scim/v2/Users";
    private static final String GROUPS = ACCOUNT_API + "/scim/v2/Groups";
    private static final String SPS = ACCOUNT_API + "/scim/v2/ServicePrincipals";

    @Test
    void aPatIsRefusedAMissingTokenIs401AndAnAppThatIsNoAccountAdminIs403() throws Exception {
        JsonNode pat = json(account("GET", USERS, Map.of("Authorization", "Bearer dapi0123456789abcdef"), null), 401);
        JsonNode none = json(account("GET", USERS, Map.of(), null), 401);
        JsonNode notAdmin = json(account("GET", USERS, entra(NO_ROLE_CLIENT), null), 403);
        JsonNode otherAccount = json(account("GET", "/api/2.0/accounts/00000000-0000-0000-0000-000000000000/scim/v2/Users",
                accountAdmin(), null), 404);

        assertThat(pat.get("error_code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(pat.get("message").asText()).contains("Personal access tokens");
        assertThat(none.get("error_code").asText()).isEqualTo("401");
        assertThat(notAdmin.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(otherAccount.get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void theDocumentedUserIsCreatedWithTheAccountShape() throws Exception {
        JsonNode created = account("POST", USERS, fixture("account/adapted-docs-scim.Users.POST.request.json"), 201);
        JsonNode duplicate = account("POST", USERS, fixture("account/adapted-docs-scim.Users.POST.request.json"), 409);

        assertSameShape(mapper.readTree(fixture("account/docs-scim.Users.POST.response.json")), created, "account user");
        assertThat(created.get("account_id").asText()).isEqualTo(ACCOUNT);
        assertThat(created.has("entitlements")).isFalse();
        assertThat(created.has("groups")).isFalse();
        assertThat(duplicate.get("detail").asText()).isEqualTo("User with email user@example.com already exists in this account");
        assertThat(duplicate.has("scimType")).isFalse();
    }

    @Test
    void entitlementsAreRefusedAtTheAccountLevel() throws Exception {
        String id = accountUser("entitled@contoso.com");

        JsonNode refused = account("PATCH", USERS + "/" + id, Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "add", "path", "entitlements", "value", List.of(Map.of("value", "workspace-access"))))), 400);

        assertThat(refused).isEqualTo(mapper.readTree(fixture("databricks/scim.error-400-invalidValue.json")));
    }

    @Test
    void terraformsDeactivationPatchMakesTheUserInactiveAndAnswersAnEmptyObject() throws Exception {
        String id = accountUser("leaver@contoso.com");

        JsonNode answer = account("PATCH", USERS + "/" + id, fixture("account/scim.Users.PATCH.deactivate.request.json"), 200);
        JsonNode read = account("GET", USERS + "/" + id, null, 200);
        account("PATCH", USERS + "/" + id, Map.of("Operations", List.of(Map.of("op", "REPLACE", "path", "active", "value", true))), 200);

        assertThat(answer.isEmpty()).isTrue();
        assertThat(read.get("active").asBoolean()).isFalse();
        assertThat(account("GET", USERS + "/" + id, null, 200).get("active").asBoolean()).isTrue();
    }

    @Test
    void groupListsLeaveMembersOutWhileAGroupReadByIdHasThem() throws Exception {
        String user = accountUser("member@contoso.com");
        String sp = account("POST", SPS, Map.of("applicationId", "11111111-2222-3333-4444-555555555555", "displayName", "SP Account"), 201)
                .get("id").asText();
        String nested = account("POST", GROUPS, Map.of("displayName", "nested"), 201).get("id").asText();
        String group = account("POST", GROUPS, Map.of("displayName", "ds", "members",
                List.of(Map.of("value", user), Map.of("value", sp), Map.of("value", nested))), 201).get("id").asText();

        JsonNode listed = account("GET", GROUPS + "?filter=displayName%20eq%20%22ds%22", null, 200);
        JsonNode read = account("GET", GROUPS + "/" + group + "?attributes=displayName,members,roles,entitlements,externalId,groups", null, 200);
        JsonNode spRead = account("GET", SPS + "/" + sp, null, 200);

        assertThat(listed.get("Resources")).hasSize(1);
        assertThat(listed.get("Resources").get(0).has("members")).isFalse();
        JsonNode recorded = mapper.readTree(fixture("account/scim.Groups.GET-by-id.attributes-members.response.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) recorded).remove("groups"); // account groups have none (reference §7.2)
        assertSameShape(recorded, read, "account group");
        assertThat(read.get("members")).extracting(m -> m.get("$ref").asText())
                .containsExactlyInAnyOrder("Users/" + user, "ServicePrincipals/" + sp, "Groups/" + nested);
        assertSameShape(mapper.readTree(fixture("account/scim.ServicePrincipals.GET-by-id.response.json")), spRead, "account SP");
    }

    @Test
    void aFilterOfMoreThan200NodesIsAnInvalidFilterAndPagingEndsWithAnEmptyPage() throws Exception {
        accountUser("paged@contoso.com");
        StringBuilder filter = new StringBuilder("a pr"); // 200 terms or'ed: 201 nodes
        for (int i = 1; i < 200; i++) {
            filter.append(" or a pr");
        }
        String encoded = java.net.URLEncoder.encode(filter.toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");

        JsonNode tooBig = account("GET", USERS + "?filter=" + encoded, null, 400);
        JsonNode all = account("GET", USERS + "?startIndex=1&count=10000", null, 200);
        JsonNode past = account("GET", USERS + "?startIndex=" + (all.get("totalResults").asInt() + 1) + "&count=10", null, 200);

        assertThat(tooBig.get("error_code").asText()).isEqualTo("INVALID_FILTER");
        assertThat(past.get("Resources")).isEmpty();
        assertThat(past.get("totalResults").asInt()).isEqualTo(all.get("totalResults").asInt());
    }

    @Test
    void accountCallsAreJournaledUnderTheirOwnSurface() throws Exception {
        long before = journal.count(e -> "account".equals(e.surface()));

        account("GET", USERS, null, 200);

        assertThat(journal.count(e -> "account".equals(e.surface()))).isEqualTo(before + 1);
        assertThat(journal.all()).filteredOn(e -> "account".equals(e.surface()))
                .allSatisfy(e -> assertThat(e.workspace()).isNull())
                .anySatisfy(e -> assertThat(e.principal()).isEqualTo(PLATFORM_CLIENT));
    }
}
