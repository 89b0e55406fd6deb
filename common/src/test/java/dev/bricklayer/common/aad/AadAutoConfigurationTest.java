package dev.bricklayer.common.aad;

import static dev.bricklayer.common.aad.AadTestServer.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.bricklayer.common.aad.AadProperties.Credential;

import reactor.test.StepVerifier;
import dev.bricklayer.common.tls.TlsProperties;
import dev.bricklayer.common.http.AccessTokenSource;

class AadAutoConfigurationTest {

    static final String SECRET = "s3cr3t~Value.Never-Logged_42";

    @TempDir
    Path tempDir;

    AadTestServer server;

    final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, AadAutoConfiguration.class));

    @BeforeEach
    void start() {
        server = new AadTestServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void isRegisteredAsAutoConfiguration() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(AadAutoConfiguration.class.getName());
    }

    @Test
    void noTokenSourceWithoutClientId() {
        contextRunner
                .withPropertyValues("bricklayer.aad.tenant-id=" + TENANT_ID)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AccessTokenSource.class));
    }

    @Test
    void missingTenantIdFailsStartupNamingTheProperty() {
        contextRunner
                .withPropertyValues("bricklayer.aad.client-id=app", "bricklayer.aad.client-secret=" + SECRET)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("bricklayer.aad.tenant-id must be set")
                            .hasMessageNotContaining(SECRET);
                });
    }

    @Test
    void bindsPropertiesAndServesTokensThroughTheConfiguredTrustStore() {
        Path trustStore = server.writeTrustStore(tempDir, "changeit");
        contextRunner
                .withPropertyValues(
                        "bricklayer.aad.authority-host=" + server.baseUrl(),
                        "bricklayer.aad.tenant-id=" + TENANT_ID,
                        "bricklayer.aad.client-id=app-id",
                        "bricklayer.aad.client-secret=" + SECRET,
                        "spring.ssl.bundle.jks.aad-test.truststore.location=file:" + trustStore,
                        "spring.ssl.bundle.jks.aad-test.truststore.password=changeit",
                        "spring.ssl.bundle.jks.aad-test.truststore.type=PKCS12",
                        "bricklayer.tls.bundle=aad-test",
                        "bricklayer.aad.refresh-margin=2m")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AccessTokenSource.class);
                    AadProperties properties = context.getBean(AadProperties.class);
                    assertThat(properties.refreshMargin()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(context.getBean(TlsProperties.class).bundle()).isEqualTo("aad-test");
                    assertThat(properties.certificate()).isNull();

                    AccessTokenSource source = context.getBean(AccessTokenSource.class);
                    assertThat(source.principal()).isEqualTo("app-id");
                    StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE))
                            .expectNext("token-1").verifyComplete();
                });
        assertThat(server.tokenRequests()).hasSize(1);
        assertThat(server.tokenRequests().get(0).form()).containsEntry("client_id", "app-id");
    }

    @Test
    void noCredentialFailsStartupListingEveryWay() {
        contextRunner
                .withPropertyValues("bricklayer.aad.client-id=app", "bricklayer.aad.tenant-id=" + TENANT_ID)
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                        "one of bricklayer.aad.client-secret, bricklayer.aad.certificate.*, "
                                + "bricklayer.aad.federated-token-file (or the Azure Workload Identity variables), "
                                + "or bricklayer.aad.credential=managed-identity"));
    }

    @Test
    void federatedCredentialBindsAndSignsInWithTheTokenFile() throws IOException {
        Path tokenFile = Files.writeString(tempDir.resolve("token"), serviceAccountToken());
        contextRunner
                .withPropertyValues(trustSettings())
                .withPropertyValues(
                        "bricklayer.aad.authority-host=" + server.baseUrl(),
                        "bricklayer.aad.tenant-id=" + TENANT_ID,
                        "bricklayer.aad.client-id=app-id",
                        "bricklayer.aad.credential=federated",
                        "bricklayer.aad.federated-token-file=" + tokenFile)
                .run(context -> {
                    assertThat(context).hasNotFailed().getBean(AccessTokenSource.class)
                            .isInstanceOf(MsalAccessTokenSource.class);
                    AadProperties properties = context.getBean(AadProperties.class);
                    assertThat(properties.credential()).isEqualTo(Credential.FEDERATED);
                    assertThat(properties.federatedTokenFile()).isEqualTo(tokenFile);
                    StepVerifier.create(context.getBean(AccessTokenSource.class).token(AccessTokenSource.ARM_SCOPE))
                            .expectNext("token-1").verifyComplete();
                });
        assertThat(server.tokenRequests()).singleElement().satisfies(request -> assertThat(request.form())
                .containsEntry("client_assertion", serviceAccountToken()).doesNotContainKey("client_secret"));
    }

    @Test
    void managedIdentityCredentialGivesTheManagedIdentitySource() {
        contextRunner
                .withPropertyValues("bricklayer.aad.credential=managed-identity")
                .run(context -> {
                    assertThat(context).hasNotFailed().getBean(AccessTokenSource.class)
                            .isInstanceOf(ManagedIdentityAccessTokenSource.class);
                    assertThat(context.getBean(AccessTokenSource.class).principal()).isEqualTo("system-assigned");
                });
        contextRunner
                .withPropertyValues("bricklayer.aad.credential=managed-identity",
                        "bricklayer.aad.managed-identity.client-id=7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
                .run(context -> assertThat(context.getBean(AccessTokenSource.class).principal())
                        .isEqualTo("7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));
    }

    @Test
    void aPodWithOnlyTheWorkloadIdentityVariablesStartsAndSignsInWithoutASecret() throws IOException {
        Path tokenFile = Files.writeString(tempDir.resolve("azure-identity-token"), serviceAccountToken());
        // what the Azure Workload Identity webhook injects (its authority host ends with a slash)
        Map<String, Object> variables = Map.of(
                "AZURE_CLIENT_ID", "webhook-app-id",
                "AZURE_TENANT_ID", TENANT_ID,
                "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString(),
                "AZURE_AUTHORITY_HOST", server.baseUrl() + "/");

        try (ConfigurableApplicationContext context = start(variables)) {
            AadProperties properties = context.getBean(AadProperties.class);
            assertThat(properties.credential()).isEqualTo(Credential.FEDERATED);
            assertThat(properties.clientId()).isEqualTo("webhook-app-id");
            assertThat(properties.tenantId()).isEqualTo(TENANT_ID);
            assertThat(properties.federatedTokenFile()).isEqualTo(tokenFile);
            assertThat(properties.clientSecret()).isNull();
            assertThat(properties.certificate()).isNull();
            StepVerifier.create(context.getBean(AccessTokenSource.class).token(AccessTokenSource.DATABRICKS_SCOPE))
                    .expectNext("token-1").verifyComplete();
        }
        assertThat(server.tokenRequests()).singleElement().satisfies(request -> assertThat(request.form())
                .containsEntry("client_id", "webhook-app-id")
                .containsEntry("client_assertion", serviceAccountToken())
                .doesNotContainKey("client_secret"));
    }

    @Test
    void configuredSettingsWinOverTheWorkloadIdentityVariables() throws IOException {
        Path tokenFile = Files.writeString(tempDir.resolve("azure-identity-token"), serviceAccountToken());
        Map<String, Object> variables = Map.of(
                "AZURE_CLIENT_ID", "webhook-app-id",
                "AZURE_TENANT_ID", TENANT_ID,
                "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString(),
                "AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com/",
                "BRICKLAYER_AAD_CLIENT_ID", "configured-app-id");

        try (ConfigurableApplicationContext context = start(variables,
                "--bricklayer.aad.authority-host=" + server.baseUrl())) {
            AadProperties properties = context.getBean(AadProperties.class);
            assertThat(properties.clientId()).isEqualTo("configured-app-id");
            assertThat(properties.authorityHost()).hasToString(server.baseUrl());
            assertThat(properties.federatedTokenFile()).isEqualTo(tokenFile);
        }
    }

    @Test
    void aServiceSigningInWithASecretIgnoresTheWorkloadIdentityVariables() {
        Map<String, Object> variables = Map.of(
                "AZURE_CLIENT_ID", "webhook-app-id",
                "AZURE_TENANT_ID", "webhook-tenant",
                "AZURE_FEDERATED_TOKEN_FILE", tempDir.resolve("absent-token").toString(),
                "BRICKLAYER_AAD_CLIENT_ID", "secret-app-id",
                "BRICKLAYER_AAD_TENANT_ID", TENANT_ID,
                "BRICKLAYER_AAD_CLIENT_SECRET", SECRET);

        try (ConfigurableApplicationContext context = start(variables,
                "--bricklayer.aad.authority-host=" + server.baseUrl())) {
            AadProperties properties = context.getBean(AadProperties.class);
            assertThat(properties.credential()).isEqualTo(Credential.SECRET);
            assertThat(properties.clientId()).isEqualTo("secret-app-id");
            assertThat(properties.federatedTokenFile()).isNull();
            assertThat(context.getEnvironment().getPropertySources().contains(WorkloadIdentityEnvironment.PROPERTY_SOURCE))
                    .isFalse();
        }
    }

    /**
     * Starts an application as a pod would (configuration files, environment post-processors from
     * {@code spring.factories}) with {@code variables} as its whole process environment.
     */
    private ConfigurableApplicationContext start(Map<String, Object> variables, String... arguments) {
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                sources.addLast(new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            }
        };
        String[] trust = java.util.Arrays.stream(trustSettings()).map(setting -> "--" + setting).toArray(String[]::new);
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(trust), java.util.Arrays.stream(arguments))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AadOnly.class)
                .web(WebApplicationType.NONE)
                .environment(environment)
                .run(all);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({SslAutoConfiguration.class, AadAutoConfiguration.class})
    static class AadOnly {
    }

    private String[] trustSettings() {
        Path trustStore = server.writeTrustStore(tempDir, "changeit");
        return new String[] {
            "spring.ssl.bundle.jks.aad-test.truststore.location=file:" + trustStore,
            "spring.ssl.bundle.jks.aad-test.truststore.password=changeit",
            "spring.ssl.bundle.jks.aad-test.truststore.type=PKCS12",
            "bricklayer.tls.bundle=aad-test"};
    }

    private static String serviceAccountToken() {
        return FederatedCredentialTest.assertion(FederatedCredentialTest.ISSUER, FederatedCredentialTest.SUBJECT,
                FederatedCredentialTest.AUDIENCE, Instant.ofEpochSecond(1_790_000_000L),
                Instant.ofEpochSecond(1_790_003_600L));
    }
}
