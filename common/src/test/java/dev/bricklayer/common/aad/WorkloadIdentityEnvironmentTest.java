package dev.bricklayer.common.aad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** When the Azure Workload Identity webhook's variables become {@code bricklayer.aad.*}, and when not. */
class WorkloadIdentityEnvironmentTest {

    static final Map<String, Object> WEBHOOK = Map.of(
            "AZURE_CLIENT_ID", "webhook-app-id",
            "AZURE_TENANT_ID", "webhook-tenant-id",
            "AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token",
            "AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com/");

    @Test
    void onlyTheWebhooksVariablesGiveTheFederatedSettings() {
        StandardEnvironment environment = processed(WEBHOOK, Map.of());

        assertThat(environment.getProperty("bricklayer.aad.client-id")).isEqualTo("webhook-app-id");
        assertThat(environment.getProperty("bricklayer.aad.tenant-id")).isEqualTo("webhook-tenant-id");
        assertThat(environment.getProperty("bricklayer.aad.federated-token-file"))
                .isEqualTo("/var/run/secrets/azure/tokens/azure-identity-token");
        assertThat(environment.getProperty("bricklayer.aad.authority-host")).isEqualTo("https://login.microsoftonline.com/");
        assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
                .as("lowest precedence").isEqualTo(WorkloadIdentityEnvironment.PROPERTY_SOURCE);
    }

    @Test
    void anExplicitFederatedCredentialTakesTheVariablesWhateverItsSpelling() {
        assertThat(processed(WEBHOOK, Map.of("bricklayer.aad.credential", "FEDERATED"))
                .getProperty("bricklayer.aad.client-id")).isEqualTo("webhook-app-id");
    }

    @Test
    void anotherCredentialLeavesTheVariablesAlone() {
        for (Map<String, Object> configured : java.util.List.<Map<String, Object>>of(
                Map.of("bricklayer.aad.credential", "managed-identity"),
                Map.of("bricklayer.aad.credential", "secret"),
                Map.of("bricklayer.aad.client-secret", "a-secret"),
                Map.of("bricklayer.aad.certificate.key-store", "/etc/bricklayer/client.p12"))) {
            StandardEnvironment environment = processed(WEBHOOK, configured);
            assertThat(environment.getPropertySources().contains(WorkloadIdentityEnvironment.PROPERTY_SOURCE))
                    .as(configured.toString()).isFalse();
        }
    }

    @Test
    void withoutATokenFileNothingIsFederated() {
        Map<String, Object> noTokenFile = new HashMap<>(WEBHOOK);
        noTokenFile.remove("AZURE_FEDERATED_TOKEN_FILE");

        assertThat(processed(noTokenFile, Map.of()).getProperty("bricklayer.aad.client-id")).isNull();
    }

    private static StandardEnvironment processed(Map<String, Object> variables, Map<String, Object> configured) {
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                sources.addLast(new MapPropertySource("configured", configured));
                sources.addLast(new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            }
        };
        new WorkloadIdentityEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
