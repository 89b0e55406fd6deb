package dev.bricklayer.common.aad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.aad.AadProperties.Credential;

class AadPropertiesTest {

    static final String SECRET = "s3cr3t~Value.Never-Logged_42";
    static final Path TOKEN_FILE = Path.of("/var/run/secrets/azure/tokens/azure-identity-token");
    static final String MI_CLIENT_ID = "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void toStringMasksSecretsAndPasswords() {
        AadProperties withSecret = new AadProperties(null, "tenant", "client", null, SECRET, null, null, null, null, null);
        AadProperties withKeyStore = new AadProperties(null, "tenant", "client", null, null,
                new AadProperties.Certificate(Path.of("client.p12"), "key-store-password", null, null, null), null, null, null, null);
        AadProperties withPem = new AadProperties(null, "tenant", "client", null, null,
                new AadProperties.Certificate(null, null, Path.of("client.key"), "pem-password",
                        Path.of("client.crt")), null, null, null, null);

        assertThat(withSecret.toString()).doesNotContain(SECRET).contains("clientSecret=******", "clientId=client");
        assertThat(withKeyStore.toString()).doesNotContain("key-store-password").contains("keyStorePassword=******");
        assertThat(withPem.toString()).doesNotContain("pem-password").contains("privateKeyPassword=******");
        assertThat(withSecret.toString()).contains("credential=SECRET");
    }

    @Test
    void defaultsToEntraIdAndAFortySecondMargin() {
        AadProperties properties = new AadProperties(null, "tenant", "client", null, SECRET, null, null, null, null, null);

        assertThat(properties.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com"));
        assertThat(properties.refreshMargin()).isEqualTo(Duration.ofSeconds(40));
        assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void nonHttpsAuthorityHostIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(URI.create("http://localhost:8080"), "tenant", "client", null, SECRET,
                        null, null, null, null, null))
                .withMessageContaining("bricklayer.aad.authority-host must be an https URL")
                .withMessageContaining("http://localhost:8080");
    }

    @Test
    void missingTenantAndClientIdAreNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, " ", null, null, SECRET, null, null, null, null, null))
                .withMessageContaining("bricklayer.aad.tenant-id must be set")
                .withMessageContaining("bricklayer.aad.client-id must be set")
                .withMessageNotContaining(SECRET);
    }

    @Test
    void aCredentialIsRequiredAndTheMessageNamesAllFourWays() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null, null, null, null, null, null, null))
                .withMessageContaining("a credential must be configured: one of bricklayer.aad.client-secret, "
                        + "bricklayer.aad.certificate.*, bricklayer.aad.federated-token-file (or the Azure Workload "
                        + "Identity variables), or bricklayer.aad.credential=managed-identity");
    }

    @Test
    void theCredentialIsInferredFromWhatIsConfigured() {
        assertThat(new AadProperties(null, "tenant", "client", null, SECRET, null, null, null, null, null).credential())
                .isEqualTo(Credential.SECRET);
        assertThat(new AadProperties(null, "tenant", "client", null, null,
                new AadProperties.Certificate(Path.of("client.p12"), "pw", null, null, null), null, null, null, null)
                .credential()).isEqualTo(Credential.CERTIFICATE);
        assertThat(new AadProperties(null, "tenant", "client", null, null, null, TOKEN_FILE, null, null, null)
                .credential()).isEqualTo(Credential.FEDERATED);
    }

    @Test
    void federatedNeedsATokenFile() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", Credential.FEDERATED, null, null, null,
                        null, null, null))
                .withMessageContaining("bricklayer.aad.federated-token-file must be set for "
                        + "bricklayer.aad.credential=federated");
    }

    @Test
    void aSecretWithTheFederatedCredentialIsRefusedWithoutShowingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", Credential.FEDERATED, SECRET, null,
                        TOKEN_FILE, null, null, null))
                .withMessageContaining("bricklayer.aad.client-secret must not be set with "
                        + "bricklayer.aad.credential=federated")
                .withMessageNotContaining(SECRET);
    }

    @Test
    void aTokenFileBesideASecretWithoutAnExplicitCredentialIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null, SECRET, null, TOKEN_FILE, null,
                        null, null))
                .withMessageContaining("set only one credential, not bricklayer.aad.client-secret and "
                        + "bricklayer.aad.federated-token-file")
                .withMessageNotContaining(SECRET);
    }

    @Test
    void federatedNeedsTenantAndClientIdLikeEveryClientCredential() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, null, null, Credential.FEDERATED, null, null, TOKEN_FILE,
                        null, null, null))
                .withMessageContaining("bricklayer.aad.tenant-id must be set")
                .withMessageContaining("bricklayer.aad.client-id must be set");
    }

    @Test
    void aManagedIdentityNeedsNoTenantClientOrSecretAndIsSystemAssignedByDefault() {
        AadProperties systemAssigned = new AadProperties(null, null, null, Credential.MANAGED_IDENTITY, null, null,
                null, null, null, null);
        AadProperties userAssigned = new AadProperties(null, null, null, Credential.MANAGED_IDENTITY, null, null,
                null, new AadProperties.ManagedIdentity(MI_CLIENT_ID), null, null);

        assertThat(systemAssigned.principal()).isEqualTo("system-assigned");
        assertThat(systemAssigned.managedIdentity()).isNull();
        assertThat(userAssigned.principal()).isEqualTo(MI_CLIENT_ID);
        assertThat(userAssigned.toString()).contains("credential=MANAGED_IDENTITY", MI_CLIENT_ID);
    }

    @Test
    void aManagedIdentityRefusesEveryOtherCredentialAndTheAppsClientId() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, null, "client", Credential.MANAGED_IDENTITY, SECRET, null,
                        TOKEN_FILE, null, null, null))
                .withMessageContaining("bricklayer.aad.client-secret must not be set with "
                        + "bricklayer.aad.credential=managed-identity")
                .withMessageContaining("bricklayer.aad.federated-token-file must not be set with "
                        + "bricklayer.aad.credential=managed-identity")
                .withMessageContaining("bricklayer.aad.client-id must not be set with "
                        + "bricklayer.aad.credential=managed-identity; a user-assigned identity is "
                        + "bricklayer.aad.managed-identity.client-id")
                .withMessageNotContaining(SECRET);
    }

    @Test
    void aManagedIdentityClientIdIsOnlyForTheManagedIdentityCredential() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null, null, null, null,
                        new AadProperties.ManagedIdentity(MI_CLIENT_ID), null, null))
                .withMessageContaining("bricklayer.aad.managed-identity.client-id needs "
                        + "bricklayer.aad.credential=managed-identity");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", Credential.SECRET, SECRET, null, null,
                        new AadProperties.ManagedIdentity(MI_CLIENT_ID), null, null))
                .withMessageContaining("bricklayer.aad.managed-identity.client-id must not be set with "
                        + "bricklayer.aad.credential=secret");
    }

    @Test
    void theSecretCredentialNeedsTheSecret() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", Credential.SECRET, null, null,
                        TOKEN_FILE, null, null, null))
                .withMessageContaining("bricklayer.aad.client-secret must be set for bricklayer.aad.credential=secret")
                .withMessageContaining("bricklayer.aad.federated-token-file must not be set with "
                        + "bricklayer.aad.credential=secret");
    }

    @Test
    void secretAndCertificateTogetherAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null, SECRET,
                        new AadProperties.Certificate(Path.of("client.p12"), "pw", null, null, null), null, null, null, null))
                .withMessageContaining("set only one credential, not bricklayer.aad.client-secret and "
                        + "bricklayer.aad.certificate.*")
                .withMessageNotContaining(SECRET);
    }

    @Test
    void pemCertificateNeedsKeyAndChain() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null, null,
                        new AadProperties.Certificate(null, null, Path.of("client.key"), null, null), null, null, null, null))
                .withMessageContaining("bricklayer.aad.certificate.private-key and "
                        + "bricklayer.aad.certificate.certificate-chain must both be set");
    }

    @Test
    void negativeRefreshMarginIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null, SECRET, null, null, null,
                        Duration.ofSeconds(-1), null))
                .withMessageContaining("bricklayer.aad.refresh-margin must not be negative");
    }
}
