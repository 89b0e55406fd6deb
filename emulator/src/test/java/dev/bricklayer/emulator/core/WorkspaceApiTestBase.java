package dev.bricklayer.emulator.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.TokenStore;
import dev.bricklayer.emulator.workspace.Workspaces;

/**
 * Base of the workspace API tests: one emulator (shared Spring context), a fresh workspace per test, and
 * callers — the platform service principal (auto-added admin through the Azure headers) or a user with a PAT.
 */
@SpringBootTest(properties = {"spring.main.web-application-type=none", "spring.application.name=emulator",
        "spring.jackson.default-property-inclusion=non_null", "emulator.port=0", "emulator.admin-port=0", "emulator.workspace-requests-per-second=1000",
        "emulator.trust-source-address-header=true", "emulator.trust-store-path=target/test-emulator-truststore.p12",
        "emulator.deployment-duration=1s"})
public abstract class WorkspaceApiTestBase {

    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String PLATFORM_CLIENT = "6f1f4e8e-3a0c-4c39-9d5e-000000000001";
    public static final String PLATFORM_OBJECT = "0a1b2c3d-0000-4000-8000-000000000001";
    public static final String SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-00000000b1c0";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Autowired
    protected Workspaces workspaces;
    @Autowired
    protected TokenIssuer issuer;
    @Autowired
    protected EmulatorTls tls;
    @Autowired
    protected EmulatorServers servers;

    protected final ObjectMapper mapper = new ObjectMapper();
    protected HttpsClient http;
    protected EmulatedWorkspace workspace;

    @BeforeEach
    void newWorkspace() throws Exception {
        http = new HttpsClient(tls.trustStorePath(), "changeit");
        String name = getClass().getSimpleName().toLowerCase() + "-" + COUNTER.incrementAndGet();
        workspace = workspaces.create(SUBSCRIPTION + "/resourceGroups/rg-test/providers/Microsoft.Databricks/workspaces/" + name,
                name, "westeurope", "premium");
    }

    /** Headers of the platform service principal, which the first call makes a workspace admin. */
    protected Map<String, String> admin() {
        return Map.of("Authorization", "Bearer " + issuer.issue(TENANT, PLATFORM_CLIENT, PLATFORM_OBJECT,
                        TokenIssuer.DATABRICKS_RESOURCE, List.of()).value(),
                "X-Databricks-Azure-SP-Management-Token", issuer.issue(TENANT, PLATFORM_CLIENT, PLATFORM_OBJECT,
                        TokenIssuer.SERVICE_MANAGEMENT_RESOURCE, List.of()).value(),
                "X-Databricks-Azure-Workspace-Resource-Id", workspace.resourceId());
    }

    /** A (non-admin) user of the workspace with a PAT; its headers. */
    protected Map<String, String> user(String userName) {
        String id = workspace.identities().userByName(userName)
                .orElseGet(() -> {
                    var created = workspace.identities().createUser(userName, null);
                    workspace.identities().addMember(workspace.identities().usersGroupId(), created.get("id").asText());
                    return created;
                }).get("id").asText();
        long now = System.currentTimeMillis();
        TokenStore.Created token = workspace.tokens().create(now, now + 3_600_000L, "test", id, id, userName);
        return Map.of("Authorization", "Bearer " + token.value());
    }

    protected Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    protected String url(String path) {
        return "https://" + workspace.host() + path;
    }

    protected HttpResponse<String> call(String method, String path, Map<String, String> headers, Object body) throws Exception {
        String text = body == null ? null : body instanceof String s ? s : mapper.writeValueAsString(body);
        return http.send(method, url(path), headers, text);
    }

    protected JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return response.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(response.body());
    }

    protected static String fixture(String name) throws IOException {
        try (InputStream in = WorkspaceApiTestBase.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Same field names and JSON node types, recursively (arrays: against the fixture's first element). */
    protected static void assertSameShape(JsonNode fixture, JsonNode actual, String path) {
        org.assertj.core.api.Assertions.assertThat(actual).as("missing " + path).isNotNull();
        if (fixture.isNull() || actual.isNull()) {
            return;
        }
        org.assertj.core.api.Assertions.assertThat(actual.getNodeType()).as("type of " + path).isEqualTo(fixture.getNodeType());
        if (fixture.isObject()) {
            fixture.fields().forEachRemaining(field -> assertSameShape(field.getValue(), actual.get(field.getKey()),
                    path + "." + field.getKey()));
        } else if (fixture.isArray() && fixture.size() > 0 && actual.size() > 0) {
            assertSameShape(fixture.get(0), actual.get(0), path + "[0]");
        }
    }
}
