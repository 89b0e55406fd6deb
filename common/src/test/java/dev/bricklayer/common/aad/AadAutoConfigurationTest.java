package dev.bricklayer.common.aad;

import static dev.bricklayer.common.aad.AadTestServer.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
}
