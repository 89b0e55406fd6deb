package dev.bricklayer.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.faults.FaultInjector;
import dev.bricklayer.emulator.faults.FaultRule;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.Workspaces;

/** The rules every workspace endpoint applies before any API: authentication, SP auto-admin, rate limit, faults, journal. */
@SpringBootTest(properties = {"spring.main.web-application-type=none", "spring.application.name=emulator",
        "spring.jackson.default-property-inclusion=non_null", "emulator.port=0", "emulator.admin-port=0", "emulator.workspace-requests-per-second=5"})
class EmulatorCoreTest {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String PLATFORM_CLIENT = "6f1f4e8e-3a0c-4c39-9d5e-000000000001";
    static final String PLATFORM_OBJECT = "0a1b2c3d-0000-4000-8000-000000000001";
    static final String NO_ROLE_CLIENT = "6f1f4e8e-3a0c-4c39-9d5e-000000000002";
    static final String SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-00000000b1c0";

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void trustStore(DynamicPropertyRegistry registry) {
        registry.add("emulator.trust-store-path", () -> dir.resolve("truststore.p12").toString());
    }

    @Autowired
    Workspaces workspaces;
    @Autowired
    TokenIssuer issuer;
    @Autowired
    EmulatorTls tls;
    @Autowired
    Journal journal;
    @Autowired
    FaultInjector faults;
    @Autowired
    EmulatorServers servers;

    private final ObjectMapper mapper = new ObjectMapper();
    private HttpsClient http;
    private static int counter;

    @BeforeEach
    void client() throws Exception {
        http = new HttpsClient(tls.trustStorePath(), "changeit");
        faults.clear();
    }

    private EmulatedWorkspace newWorkspace() {
        String name = "ws-core-" + (++counter);
        return workspaces.create(SUBSCRIPTION + "/resourceGroups/rg-core/providers/Microsoft.Databricks/workspaces/" + name,
                name, "westeurope", "premium");
    }

    private String token(String clientId, String audience) {
        return issuer.issue(TENANT, clientId, "obj-" + clientId, audience, List.of()).value();
    }

    private Map<String, String> platformHeaders(EmulatedWorkspace workspace) {
        return Map.of("Authorization", "Bearer " + token(PLATFORM_CLIENT, TokenIssuer.DATABRICKS_RESOURCE),
                "X-Databricks-Azure-SP-Management-Token", token(PLATFORM_CLIENT, TokenIssuer.SERVICE_MANAGEMENT_RESOURCE),
                "X-Databricks-Azure-Workspace-Resource-Id", workspace.resourceId());
    }

    private String url(EmulatedWorkspace workspace, String path) {
        return "https://" + workspace.host() + path;
    }

    @Test
    void aServicePrincipalWithContributorAndTheAzureHeadersIsAddedAsWorkspaceAdmin() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();

        HttpResponse<String> response = http.get(url(workspace, "/api/2.0/no-such-api"), platformHeaders(workspace));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(response.body()).get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
        String spId = workspace.identities().servicePrincipalByApplicationId(PLATFORM_CLIENT).orElseThrow().get("id").asText();
        assertThat(workspace.identities().isAdmin(spId)).isTrue();
        assertThat(workspace.identities().servicePrincipalByApplicationId(PLATFORM_CLIENT).orElseThrow()
                .get("displayName").asText()).isEqualTo("bricklayer-platform");
    }

    @Test
    void aServicePrincipalWithoutTheHeadersOrWithoutARoleIsRefused() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();

        HttpResponse<String> noHeaders = http.get(url(workspace, "/api/2.0/clusters/list"),
                Map.of("Authorization", "Bearer " + token(PLATFORM_CLIENT, TokenIssuer.DATABRICKS_RESOURCE)));
        HttpResponse<String> noRole = http.get(url(workspace, "/api/2.0/clusters/list"), Map.of(
                "Authorization", "Bearer " + token(NO_ROLE_CLIENT, TokenIssuer.DATABRICKS_RESOURCE),
                "X-Databricks-Azure-SP-Management-Token", token(NO_ROLE_CLIENT, TokenIssuer.SERVICE_MANAGEMENT_RESOURCE),
                "X-Databricks-Azure-Workspace-Resource-Id", workspace.resourceId()));

        assertThat(noHeaders.statusCode()).isEqualTo(403);
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(mapper.readTree(noRole.body()).get("message").asText()).contains("neither Contributor nor Owner");
        assertThat(workspace.identities().servicePrincipals()).isEmpty();
    }

    @Test
    void anExpiredAadTokenGetsTheServicesExpiredJwtMessage() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();
        String expired = issuer.issue(TENANT, PLATFORM_CLIENT, PLATFORM_OBJECT, TokenIssuer.DATABRICKS_RESOURCE, List.of(),
                java.time.Duration.ofSeconds(-30)).value();

        HttpResponse<String> response = http.get(url(workspace, "/api/2.0/clusters/list"),
                Map.of("Authorization", "Bearer " + expired));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(mapper.readTree(response.body()).get("message").asText())
                .startsWith("io.jsonwebtoken.ExpiredJwtException: JWT expired at ")
                .contains("Current time: ").contains("Allowed clock skew: 0 milliseconds.");
    }

    @Test
    void aTokenNotSignedByTheEmulatorIsRefused() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();
        String forged = new TokenIssuer(new dev.bricklayer.emulator.config.EmulatorProperties("127.0.0.1", "localhost",
                0, 0, java.time.Duration.ofSeconds(600), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 30, 4, 429, false, true, "x", "changeit", 1,
                List.of("westeurope"), List.of())).issue(TENANT, PLATFORM_CLIENT, PLATFORM_OBJECT, TokenIssuer.DATABRICKS_RESOURCE, List.of()).value();

        HttpResponse<String> response = http.get(url(workspace, "/api/2.0/clusters/list"),
                Map.of("Authorization", "Bearer " + forged));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(workspace.identities().servicePrincipals()).isEmpty();
    }

    @Test
    void aPatThatIsUnknownGets403InvalidAccessToken() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();

        HttpResponse<String> response = http.get(url(workspace, "/api/2.0/clusters/list"),
                Map.of("Authorization", "Bearer dapi00000000000000000000000000000000"));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("error_code").asText()).isEqualTo("403");
        assertThat(body.get("message").asText()).isEqualTo("Invalid access token.");
    }

    @Test
    void theWorkspaceBudgetAnswers429WithRetryAfterBeyondTheLimit() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();
        Map<String, String> headers = platformHeaders(workspace);
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = http.get(url(workspace, "/api/2.0/no-such-api"), headers);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                assertThat(mapper.readTree(response.body()).get("error_code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            }
        }
        assertThat(statuses.subList(0, 5)).containsOnly(404);
        assertThat(statuses).contains(429);
        assertThat(retryAfter).isEqualTo("1");
    }

    @Test
    void faultsAreDeterministicForTheSameSeedAndRequestOrder() throws Exception {
        List<Integer> first = runFaultSequence();
        List<Integer> second = runFaultSequence();

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(503).contains(404);
    }

    private List<Integer> runFaultSequence() throws Exception {
        faults.clear();
        EmulatedWorkspace workspace = newWorkspace();
        faults.add(new FaultRule("flaky", "workspace", workspace.name(), null, "/api/2.0/", FaultRule.Kind.OUTAGE,
                null, null, null, null, null, 0.5, null, null, null));
        List<Integer> statuses = new ArrayList<>();
        Map<String, String> headers = platformHeaders(workspace);
        for (int i = 0; i < 5; i++) {
            statuses.add(http.get(url(workspace, "/api/2.0/no-such-api"), headers).statusCode());
            Thread.sleep(210); // stay under the 5 requests/s budget of this test
        }
        return statuses;
    }

    @Test
    void theJournalRecordsEveryRequestWithCallerSourceAndStatus() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();
        Map<String, String> headers = platformHeaders(workspace);
        http.get(url(workspace, "/api/2.0/no-such-api"), headers);
        http.get(url(workspace, "/api/2.0/clusters/list"), Map.of("Authorization", "Bearer dapi00000000000000000000000000000000"));
        http.get(url(workspace, "/.well-known/databricks-config"), Map.of());

        List<JournalEntry> entries = journal.find(e -> workspace.name().equals(e.workspace()));

        assertThat(entries).extracting(JournalEntry::path)
                .containsExactly("/api/2.0/no-such-api", "/api/2.0/clusters/list", "/.well-known/databricks-config");
        assertThat(entries).extracting(JournalEntry::status).containsExactly(404, 403, 200);
        assertThat(entries.get(0).principal()).isEqualTo(PLATFORM_CLIENT);
        assertThat(entries.get(0).sourceAddress()).isEqualTo("127.0.0.1");
        assertThat(entries).extracting(JournalEntry::surface).containsOnly("workspace");
    }

    @Test
    void theBootstrapCallsOfTheSdksAreServedWithoutAuthentication() throws Exception {
        EmulatedWorkspace workspace = newWorkspace();

        HttpResponse<String> aadAuth = http.get(url(workspace, "/aad/auth"), Map.of());
        HttpResponse<String> config = http.get(url(workspace, "/.well-known/databricks-config"), Map.of());

        assertThat(aadAuth.statusCode()).isEqualTo(302);
        assertThat(aadAuth.headers().firstValue("Location").orElseThrow())
                .startsWith(servers.mainBaseUrl() + "/" + TENANT + "/oauth2/authorize");
        assertThat(mapper.readTree(config.body()).get("workspace_id").asText()).isEqualTo(workspace.workspaceId());
    }
}
