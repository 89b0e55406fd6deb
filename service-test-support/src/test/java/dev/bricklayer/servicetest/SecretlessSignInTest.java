package dev.bricklayer.servicetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.aad.AadAuthenticationException;
import dev.bricklayer.common.aad.AadProperties;
import dev.bricklayer.common.aad.MsalAccessTokenSource;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.http.AccessTokenSource;
import dev.bricklayer.common.http.AuditSink;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.journal.JournalEntry;
import reactor.core.publisher.Mono;

/**
 * The services sign in without a stored secret against the emulator's Entra ID: the platform's app with a federated
 * credential on a stand-in cluster issuer (Azure Workload Identity: a service-account token in a file the kubelet
 * rotates), and managed identities on an App Service host and on a VM (IMDS).
 */
class SecretlessSignInTest {

    static final String CLUSTER = "secretless-cluster";
    static final String SUBJECT = "system:serviceaccount:bricklayer:token-service";
    static final String IDENTITY_HEADER = "secretless-test-identity-header";
    static final String SYSTEM_IDENTITY = "6f1f4e8e-3a0c-4c39-9d5e-0000000005a1";
    static final String USER_IDENTITY = "6f1f4e8e-3a0c-4c39-9d5e-0000000005a2";

    private static EmulatedAzure azure;
    private static SSLContext trust;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void start() {
        azure = EmulatedAzure.start(EmulatedAzure.options().property("emulator.managed-identity-header", IDENTITY_HEADER));
        trust = EmulatorWire.trustBundle(Path.of(azure.trustStore()), EmulatedAzure.TRUST_STORE_PASSWORD).createSslContext();
        // the platform's app trusts the service account token-service of the stand-in cluster
        azure.admin("POST", "/admin/directory/apps/" + EmulatedAzure.CLIENT_ID + "/federated-credentials",
                Map.of("name", CLUSTER, "issuer", issuer(CLUSTER), "subject", SUBJECT)).successful();
        // a host's identities: the first is the system-assigned one
        azure.bean(Directory.class).addTenant(new Tenant("5e3c1a2b-0000-4000-8000-0000000005a0", "hosts.example",
                List.of(identity(SYSTEM_IDENTITY, "host-identity"), identity(USER_IDENTITY, "token-service-identity")),
                List.of()));
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    @Test
    void theFederatedTokenFileIsReadForEveryTokenRequestAsTheKubeletRotatesIt() throws Exception {
        Path tokenFile = tempDir.resolve("azure-identity-token");
        Files.writeString(tokenFile, mint(CLUSTER, "token-service", Map.of()));
        RecordingAuditSink audit = new RecordingAuditSink();
        try (MsalAccessTokenSource source = new MsalAccessTokenSource(federated(tokenFile), trust, audit, "token-service")) {
            String arm = source.token(AccessTokenSource.ARM_SCOPE).block(Duration.ofSeconds(20));
            assertThat(claims(arm).path("appid").asText()).isEqualTo(EmulatedAzure.CLIENT_ID);

            // rotated to a token that has expired: the next token request sends it, and is refused for it
            String expired = mint(CLUSTER, "token-service", Map.of("lifetimeSeconds", -60));
            Files.writeString(tokenFile, expired);
            assertThatThrownBy(() -> source.token(AccessTokenSource.DATABRICKS_SCOPE).block(Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(AadAuthenticationException.class,
                            error -> assertThat(error.aadstsCodes()).containsExactly("AADSTS700024"));

            // rotated again: signed in
            String rotated = mint(CLUSTER, "token-service", Map.of());
            Files.writeString(tokenFile, rotated);
            String databricks = source.token(AccessTokenSource.DATABRICKS_SCOPE).block(Duration.ofSeconds(20));
            assertThat(claims(databricks).path("aud").asText()).isEqualTo("2ff814a6-3304-4ab8-85cb-cd0e6f879c1d");
            // the ARM token still comes from the cache
            assertThat(source.token(AccessTokenSource.ARM_SCOPE).block(Duration.ofSeconds(20))).isEqualTo(arm);

            List<ApiCallStarted> started = audit.of(ApiCallStarted.class);
            assertThat(started).extracting(ApiCallStarted::pathTemplate).containsExactly(
                    "/{id}/v2.0/.well-known/openid-configuration", "/{id}/oauth2/v2.0/token", "/{id}/oauth2/v2.0/token",
                    "/{id}/oauth2/v2.0/token");
            assertThat(started).allSatisfy(record -> {
                assertThat(record.api()).isEqualTo("entra");
                assertThat(record.principal()).isEqualTo(EmulatedAzure.CLIENT_ID);
            });
            assertThat(audit.of(ApiCallCompleted.class)).extracting(ApiCallCompleted::status)
                    .containsExactly(200, 200, 401, 200);
            assertThat(audit.records).allSatisfy(record -> assertThat(record.toString())
                    .doesNotContain(expired).doesNotContain(rotated).doesNotContain(arm).doesNotContain(databricks));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "issuer no credential names, other-cluster,      token-service, '',                    0,    0,   AADSTS700211",
        "another service account,    secretless-cluster, default,       '',                    0,    0,   AADSTS700213",
        "another audience,           secretless-cluster, token-service, https://kubernetes.default.svc, 0, 0, AADSTS700212",
        "expired,                    secretless-cluster, token-service, '',                    -60,  0,   AADSTS700024",
        "not valid yet,              secretless-cluster, token-service, '',                    0,    600, AADSTS700024",
    })
    void theEmulatorsRefusalOfEachWrongAssertionIsATypedErrorWithItsCode(String wrong, String cluster,
            String serviceAccount, String audience, long lifetimeSeconds, long notBeforeSeconds, String code)
            throws Exception {
        Map<String, Object> extra = new HashMap<>();
        if (!audience.isEmpty()) {
            extra.put("audience", audience);
        }
        if (lifetimeSeconds != 0) {
            extra.put("lifetimeSeconds", lifetimeSeconds);
        }
        if (notBeforeSeconds != 0) {
            extra.put("notBeforeSeconds", notBeforeSeconds);
        }
        String assertion = mint(cluster, serviceAccount, extra);
        Path tokenFile = Files.writeString(tempDir.resolve("token"), assertion);

        try (MsalAccessTokenSource source = new MsalAccessTokenSource(federated(tokenFile), trust)) {
            assertThatThrownBy(() -> source.token(AccessTokenSource.ARM_SCOPE).block(Duration.ofSeconds(20)))
                    .as(wrong)
                    .isInstanceOfSatisfying(AadAuthenticationException.class, aad -> {
                        assertThat(aad.aadstsCodes()).as(wrong).containsExactly(code);
                        assertThat(aad.isTransient()).isFalse();
                        assertThat(aad.getMessage()).doesNotContain(assertion);
                    });
        }
    }

    @Test
    void theSystemAssignedIdentityOfAnAppServiceHostSignsIn() throws Exception {
        long mark = azure.mark();
        JsonNode result = signIn(Map.of("IDENTITY_ENDPOINT", azure.baseUrl() + "/msi/token",
                "IDENTITY_HEADER", IDENTITY_HEADER), "-", AccessTokenSource.ARM_SCOPE);

        assertThat(result.path("principal").asText()).isEqualTo("system-assigned");
        assertThat(result.path("claims").path("appid").asText()).isEqualTo(SYSTEM_IDENTITY);
        // ARM tokens carry the resource with a slash, as Entra ID's do
        assertThat(result.path("claims").path("aud").asText()).isEqualTo("https://management.azure.com/");
        assertThat(azure.journal().find(e -> e.sequence() > mark && e.path().equals("/msi/token")))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.status()).isEqualTo(200);
                    assertThat(entry.principal()).isEqualTo(SYSTEM_IDENTITY);
                });
    }

    @Test
    void aUserAssignedIdentityOfAVmSignsInThroughImds() throws Exception {
        long mark = azure.mark();
        JsonNode result = signIn(Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", azure.baseUrl()), USER_IDENTITY,
                AccessTokenSource.DATABRICKS_SCOPE);

        assertThat(result.path("principal").asText()).isEqualTo(USER_IDENTITY);
        assertThat(result.path("claims").path("appid").asText()).isEqualTo(USER_IDENTITY);
        assertThat(result.path("claims").path("aud").asText()).isEqualTo("2ff814a6-3304-4ab8-85cb-cd0e6f879c1d");
        assertThat(azure.journal().find(e -> e.sequence() > mark)).extracting(JournalEntry::path, JournalEntry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/metadata/identity/oauth2/token", 200));
    }

    @Test
    void aWrongIdentityHeaderIsRefused() throws Exception {
        JsonNode result = signIn(Map.of("IDENTITY_ENDPOINT", azure.baseUrl() + "/msi/token",
                "IDENTITY_HEADER", "not-the-hosts-header"), "-", AccessTokenSource.ARM_SCOPE);

        assertThat(result.path("claims").isMissingNode()).isTrue();
        assertThat(result.path("errorCode").asText()).isEqualTo("managed_identity_request_failed");
        assertThat(result.path("message").asText()).contains("to system-assigned").doesNotContain("not-the-hosts-header");
    }

    private static AadProperties federated(Path tokenFile) {
        return new AadProperties(java.net.URI.create(azure.baseUrl()), EmulatedAzure.TENANT, EmulatedAzure.CLIENT_ID,
                AadProperties.Credential.FEDERATED, null, null, tokenFile, null, null, null);
    }

    private static String issuer(String cluster) {
        return azure.baseUrl() + "/oidc/" + cluster;
    }

    private static ServicePrincipal identity(String clientId, String name) {
        return new ServicePrincipal(clientId, clientId.replace("6f1f4e8e-3a0c-4c39-9d5e", "0a1b2c3d-0000-4000-8000"), name,
                null, null, List.of(), List.of(), true);
    }

    /** A service-account token of the stand-in cluster, minted by the emulator's admin API. */
    private static String mint(String cluster, String serviceAccount, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("namespace", "bricklayer", "serviceAccount", serviceAccount));
        body.putAll(extra);
        return azure.admin("POST", "/admin/oidc/" + cluster + "/tokens", body).successful().path("token").asText();
    }

    private static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    /** {@link ManagedIdentitySignIn} in a JVM whose environment holds {@code environment} and no other identity source. */
    private static JsonNode signIn(Map<String, String> environment, String clientId, String scope) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                ManagedIdentitySignIn.class.getName(), azure.trustStore(), EmulatedAzure.TRUST_STORE_PASSWORD, clientId,
                scope).redirectErrorStream(true);
        List.of("IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "IMDS_ENDPOINT",
                "AZURE_POD_IDENTITY_AUTHORITY_HOST").forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sign-in finished").isTrue();
        String line = output.lines().filter(l -> l.startsWith(ManagedIdentitySignIn.RESULT)).findFirst()
                .orElseThrow(() -> new AssertionError("no result in:\n" + output));
        return new ObjectMapper().readTree(line.substring(ManagedIdentitySignIn.RESULT.length()));
    }

    /** Keeps what a service's audit would publish. */
    static final class RecordingAuditSink implements AuditSink {
        final List<Object> records = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> started(ApiCallStarted record) {
            return Mono.fromRunnable(() -> records.add(record));
        }

        @Override
        public Mono<Void> completed(ApiCallCompleted record) {
            return Mono.fromRunnable(() -> records.add(record));
        }

        <T> List<T> of(Class<T> type) {
            return records.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
