package dev.bricklayer.emulator.account;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.core.WorkspaceApiTestBase;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.journal.Journal;

/**
 * Base of the account tests: the emulator with a metastore in {@code westeurope} for the default account, so that
 * each test's new workspace (in {@code westeurope}) is identity-federated; the account's rate limits raised out of the
 * way (their own test keeps them). The platform app is an account admin.
 */
@SpringBootTest(properties = {"spring.main.web-application-type=none", "spring.application.name=emulator",
        "spring.jackson.default-property-inclusion=non_null", "emulator.port=0", "emulator.admin-port=0",
        "emulator.workspace-requests-per-second=1000", "emulator.trust-source-address-header=true",
        "emulator.trust-store-path=target/test-emulator-account-truststore.p12", "emulator.deployment-duration=1s",
        "emulator.accounts.metastores[0].region=westeurope", "emulator.accounts.metastores[0].name=metastore-westeurope",
        "emulator.accounts.scim-get-per-second=1000", "emulator.accounts.scim-patch-per-second=1000",
        "emulator.accounts.scim-write-per-second=1000", "emulator.accounts.other-per-second=1000"})
public abstract class AccountApiTestBase extends WorkspaceApiTestBase {

    protected static final String ACCOUNT = Directory.DEFAULT_ACCOUNT;
    protected static final String ACCOUNT_API = "/api/2.0/accounts/" + ACCOUNT;
    protected static final String NO_ROLE_CLIENT = "6f1f4e8e-3a0c-4c39-9d5e-000000000002";

    @Autowired
    protected Accounts accounts;
    @Autowired
    protected Journal journal;

    /** An Entra ID token of {@code clientId} for Azure Databricks, as headers. */
    protected Map<String, String> entra(String clientId) {
        return Map.of("Authorization", "Bearer " + issuer.issue(TENANT, clientId, "oid-" + clientId,
                TokenIssuer.DATABRICKS_RESOURCE, List.of()).value());
    }

    /** The platform app, an account admin. */
    protected Map<String, String> accountAdmin() {
        return entra(PLATFORM_CLIENT);
    }

    protected HttpResponse<String> account(String method, String path, Map<String, String> headers, Object body) throws Exception {
        String text = body == null ? null : body instanceof String s ? s : mapper.writeValueAsString(body);
        return http.send(method, servers.accountBaseUrl() + path, headers, text);
    }

    /** An account call as the account admin, answered {@code status}; its JSON. */
    protected JsonNode account(String method, String path, Object body, int status) throws Exception {
        return json(account(method, path, accountAdmin(), body), status);
    }

    /** Headers of the platform service principal for another workspace, which the first call makes its admin. */
    protected Map<String, String> admin(dev.bricklayer.emulator.workspace.EmulatedWorkspace other) {
        return Map.of("Authorization", accountAdmin().get("Authorization"),
                "X-Databricks-Azure-SP-Management-Token", issuer.issue(TENANT, PLATFORM_CLIENT, PLATFORM_OBJECT,
                        TokenIssuer.SERVICE_MANAGEMENT_RESOURCE, List.of()).value(),
                "X-Databricks-Azure-Workspace-Resource-Id", other.resourceId());
    }

    protected String workspaceId() {
        return workspace.workspaceId();
    }

    /** A new account user; its account id. */
    protected String accountUser(String userName) throws Exception {
        return account("POST", ACCOUNT_API + "/scim/v2/Users", Map.of("userName", userName), 201).get("id").asText();
    }

    /** Assigns an account principal to this test's workspace. */
    protected JsonNode assign(String principalId, String permission) throws Exception {
        return account("PUT", ACCOUNT_API + "/workspaces/" + workspaceId() + "/permissionassignments/principals/" + principalId,
                Map.of("permissions", List.of(permission)), 200);
    }
}
