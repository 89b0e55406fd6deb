package dev.bricklayer.emulator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The emulator as services' tests start it (no account settings): no metastore, so a new workspace is not
 * identity-federated and its SCIM keeps its own identities, while the account host answers.
 */
@SpringBootTest(properties = {"spring.main.web-application-type=none", "spring.application.name=emulator",
        "spring.jackson.default-property-inclusion=non_null", "emulator.port=0", "emulator.admin-port=0",
        "emulator.trust-store-path=target/test-emulator-account-limits-truststore.p12"})
class AccountDefaultsTest extends AccountApiTestBase {

    @Test
    void byDefaultANewWorkspaceHasNoMetastoreAndItsScimUsersStayTheWorkspaces() throws Exception {
        JsonNode created = json(call("POST", "/api/2.0/preview/scim/v2/Users", admin(), Map.of("userName", "local@contoso.com")), 201);

        JsonNode metastore = account("GET", ACCOUNT_API + "/workspaces/" + workspaceId() + "/metastore", null, 404);
        JsonNode inAccount = account("GET", ACCOUNT_API + "/scim/v2/Users?filter=userName%20eq%20%22local@contoso.com%22", null, 200);
        JsonNode assignments = account("GET", ACCOUNT_API + "/workspaces/" + workspaceId() + "/permissionassignments", null, 400);

        assertThat(metastore.get("error_code").asText()).isEqualTo("METASTORE_DOES_NOT_EXIST");
        assertThat(inAccount.get("totalResults").asInt()).isZero();
        assertThat(workspace.identities().isAccountPrincipal(created.get("id").asText())).isFalse();
        assertThat(assignments.get("message").asText()).isEqualTo("Permission assignments not supported for current workspace.");
        assertThat(json(call("GET", "/api/2.1/unity-catalog/current-metastore-assignment", admin(), null), 404)
                .get("error_code").asText()).isEqualTo("METASTORE_DOES_NOT_EXIST");
    }
}
