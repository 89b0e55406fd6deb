package dev.bricklayer.common.aad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class AadPropertiesTest {

    static final String SECRET = "s3cr3t~Value.Never-Logged_42";

    @Test
    void toStringMasksSecretsAndPasswords() {
        AadProperties withSecret = new AadProperties(null, "tenant", "client", SECRET, null, null, null);
        AadProperties withKeyStore = new AadProperties(null, "tenant", "client", null,
                new AadProperties.Certificate(Path.of("client.p12"), "key-store-password", null, null, null), null, null);
        AadProperties withPem = new AadProperties(null, "tenant", "client", null,
                new AadProperties.Certificate(null, null, Path.of("client.key"), "pem-password",
                        Path.of("client.crt")), null, null);

        assertThat(withSecret.toString()).doesNotContain(SECRET).contains("clientSecret=******", "clientId=client");
        assertThat(withKeyStore.toString()).doesNotContain("key-store-password").contains("keyStorePassword=******");
        assertThat(withPem.toString()).doesNotContain("pem-password").contains("privateKeyPassword=******");
    }

    @Test
    void defaultsToEntraIdAndAFortySecondMargin() {
        AadProperties properties = new AadProperties(null, "tenant", "client", SECRET, null, null, null);

        assertThat(properties.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com"));
        assertThat(properties.refreshMargin()).isEqualTo(Duration.ofSeconds(40));
        assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void nonHttpsAuthorityHostIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(URI.create("http://localhost:8080"), "tenant", "client", SECRET,
                        null, null, null))
                .withMessageContaining("bricklayer.aad.authority-host must be an https URL")
                .withMessageContaining("http://localhost:8080");
    }

    @Test
    void missingTenantAndClientIdAreNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, " ", null, SECRET, null, null, null))
                .withMessageContaining("bricklayer.aad.tenant-id must be set")
                .withMessageContaining("bricklayer.aad.client-id must be set")
                .withMessageNotContaining(SECRET);
    }

    @Test
    void aCredentialIsRequired() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null, null, null, null))
                .withMessageContaining("one of bricklayer.aad.client-secret or bricklayer.aad.certificate.* must be set");
    }

    @Test
    void secretAndCertificateTogetherAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", SECRET,
                        new AadProperties.Certificate(Path.of("client.p12"), "pw", null, null, null), null, null))
                .withMessageContaining("set either bricklayer.aad.client-secret or bricklayer.aad.certificate.*")
                .withMessageNotContaining(SECRET);
    }

    @Test
    void pemCertificateNeedsKeyAndChain() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", null,
                        new AadProperties.Certificate(null, null, Path.of("client.key"), null, null), null, null))
                .withMessageContaining("bricklayer.aad.certificate.private-key and "
                        + "bricklayer.aad.certificate.certificate-chain must both be set");
    }

    @Test
    void negativeRefreshMarginIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AadProperties(null, "tenant", "client", SECRET, null,
                        Duration.ofSeconds(-1), null))
                .withMessageContaining("bricklayer.aad.refresh-margin must not be negative");
    }
}
