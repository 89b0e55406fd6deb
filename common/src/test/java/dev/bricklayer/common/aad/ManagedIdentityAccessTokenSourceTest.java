package dev.bricklayer.common.aad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.aad.AadProperties.Credential;
import dev.bricklayer.common.http.AccessTokenSource;

/**
 * The managed identity source. MSAL4J finds the identity endpoint in the process environment (its hook to replace
 * that is package-private), so the token tests run {@link ManagedIdentityProbe} in a child JVM whose environment is
 * that of an App Service / Container Apps host or of a VM with IMDS, pointed at the stand-in endpoint.
 */
class ManagedIdentityAccessTokenSourceTest {

    static final String IDENTITY_HEADER = "3c1c9d7e-identity-header-of-the-host";
    static final String MI_CLIENT_ID = "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    /** Every variable MSAL4J 1.26 reads to find a managed identity source. */
    static final List<String> SOURCE_VARIABLES = List.of("IDENTITY_ENDPOINT", "IDENTITY_HEADER",
            "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "IMDS_ENDPOINT", "AZURE_POD_IDENTITY_AUTHORITY_HOST");

    @TempDir
    Path tempDir;

    AadTestServer server;
    Path trustStore;

    @BeforeEach
    void start() {
        server = new AadTestServer();
        trustStore = server.writeTrustStore(tempDir, "pw");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
        "https://management.azure.com/.default,                 https://management.azure.com",
        "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default,         2ff814a6-3304-4ab8-85cb-cd0e6f879c1d",
        "https://management.core.windows.net//.default,         https://management.core.windows.net/",
        "https://storage.azure.com,                             https://storage.azure.com",
    })
    void aManagedIdentityIsAskedForTheScopesResource(String scope, String resource) {
        assertThat(ManagedIdentityAccessTokenSource.resource(scope)).isEqualTo(resource);
    }

    @Test
    void refusesPropertiesOfAnotherCredential() {
        AadProperties secret = new AadProperties(URI.create(server.baseUrl()), "tenant", "client", null, "secret-value",
                null, null, null, null, null);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ManagedIdentityAccessTokenSource(secret, null))
                .withMessageContaining("bricklayer.aad.credential=managed-identity, was secret")
                .withMessageNotContaining("secret-value");
    }

    @Test
    void systemAssignedIdentityOnAnAppServiceHostGetsTokensAuditedAsEntra() throws Exception {
        JsonNode result = probe(Map.of("IDENTITY_ENDPOINT", server.baseUrl() + "/msi/token",
                "IDENTITY_HEADER", IDENTITY_HEADER), "-");

        assertThat(result.path("principal").asText()).isEqualTo("system-assigned");
        // the second ARM token from the cache: two requests, one per resource
        assertThat(texts(result.path("tokens"))).containsExactly("mi-token-1", "mi-token-1", "mi-token-2");
        List<AadTestServer.ManagedIdentityRequest> requests = server.managedIdentityRequests();
        assertThat(requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/msi/token");
            assertThat(request.identityHeader()).isEqualTo(IDENTITY_HEADER);
            assertThat(request.query()).containsEntry("api-version", "2019-08-01").doesNotContainKey("client_id");
        });
        assertThat(requests).extracting(request -> request.query().get("resource"))
                .containsExactly("https://management.azure.com", "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d");
        assertAudited(result, "system-assigned", "/msi/token");
    }

    @Test
    void userAssignedIdentityOnAnAppServiceHostIsAskedForByClientId() throws Exception {
        JsonNode result = probe(Map.of("IDENTITY_ENDPOINT", server.baseUrl() + "/msi/token",
                "IDENTITY_HEADER", IDENTITY_HEADER), MI_CLIENT_ID);

        assertThat(result.path("principal").asText()).isEqualTo(MI_CLIENT_ID);
        assertThat(texts(result.path("tokens"))).containsExactly("mi-token-1", "mi-token-1", "mi-token-2");
        assertThat(server.managedIdentityRequests()).hasSize(2)
                .allSatisfy(request -> assertThat(request.query()).containsEntry("client_id", MI_CLIENT_ID));
        assertAudited(result, MI_CLIENT_ID, "/msi/token");
    }

    @Test
    void aVmsIdentityComesFromImds() throws Exception {
        JsonNode result = probe(Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", server.baseUrl()), "-");

        assertThat(texts(result.path("tokens"))).containsExactly("mi-token-1", "mi-token-1", "mi-token-2");
        assertThat(server.managedIdentityRequests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/metadata/identity/oauth2/token");
            assertThat(request.metadata()).isEqualTo("true");
            assertThat(request.identityHeader()).isNull();
        });
        assertAudited(result, "system-assigned", "/metadata/identity/oauth2/token");
    }

    private void assertAudited(JsonNode result, String principal, String path) {
        assertThat(result.path("started")).hasSize(2).allSatisfy(started -> {
            assertThat(started.path("api").asText()).isEqualTo("entra");
            assertThat(started.path("service").asText()).isEqualTo("token-service");
            assertThat(started.path("principal").asText()).isEqualTo(principal);
            assertThat(started.path("method").asText()).isEqualTo("GET");
            assertThat(started.path("host").asText()).isEqualTo("localhost");
            assertThat(started.path("path").asText()).isEqualTo(path);
        });
        assertThat(result.path("completed")).hasSize(2)
                .allSatisfy(completed -> assertThat(completed.path("status").asInt()).isEqualTo(200));
        assertThat(texts(result.path("records"))).hasSize(4).allSatisfy(record -> assertThat(record)
                .doesNotContain("mi-token-").doesNotContain(IDENTITY_HEADER));
    }

    /** Runs the probe in a JVM whose environment holds {@code environment} and no other identity source. */
    private JsonNode probe(Map<String, String> environment, String clientId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ManagedIdentityProbe.class.getName(), trustStore.toString(), "pw", clientId)
                .redirectErrorStream(true);
        SOURCE_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String line = output.lines().filter(l -> l.startsWith(ManagedIdentityProbe.RESULT)).findFirst()
                .orElseThrow(() -> new AssertionError("no probe result in:\n" + output));
        JsonNode result = new ObjectMapper().readTree(line.substring(ManagedIdentityProbe.RESULT.length()));
        assertThat(result.path("error").isMissingNode()).as("probe error: " + result.path("error").asText()).isTrue();
        // every other line of the child is a log line: MSAL4J and Bricklayer at TRACE
        String logs = output.lines().filter(l -> !l.startsWith(ManagedIdentityProbe.RESULT))
                .collect(Collectors.joining("\n"));
        assertThat(logs).as("logs").contains("[Managed Identity]")
                .doesNotContain("mi-token-").doesNotContain(IDENTITY_HEADER);
        return result;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
