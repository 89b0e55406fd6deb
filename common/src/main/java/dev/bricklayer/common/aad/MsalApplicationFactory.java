package dev.bricklayer.common.aad;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.pem.PemContent;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.IHttpClient;

/**
 * Builds the MSAL4J confidential client for {@link AadProperties}: credential (secret, certificate or federated token
 * file), TLS trust (an SSL bundle) and authority.
 *
 * <p>Authority: Entra ID hosts on the default port are configured as an AAD authority
 * ({@code https://login.microsoftonline.com/{tenant}/}) with instance discovery, as Microsoft intends. Any other
 * host (a local emulator, usually on a non-default port) is configured as an OIDC authority
 * ({@code {host}/{tenant}/v2.0}) without instance discovery: MSAL4J's token cache never hits for an AAD authority
 * on a non-default port, instance discovery would call login.microsoftonline.com, and the OIDC authority reads
 * its token endpoint from {@code {authority}/.well-known/openid-configuration} (one GET when the client is built;
 * MSAL4J checks that the document's {@code issuer} equals the authority).
 */
final class MsalApplicationFactory {

    /** Entra ID hosts of the public and sovereign clouds that MSAL4J knows for instance discovery. */
    static final Set<String> ENTRA_HOSTS = Set.of(
            "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
            "login.microsoftonline.us", "login-us.microsoftonline.com", "login.chinacloudapi.cn",
            "login.partner.microsoftonline.cn", "login.microsoftonline.de");

    enum AuthorityMode { AAD, OIDC }

    private final AadProperties properties;
    private final IClientCredential credential;
    private final SSLContext sslContext;

    /**
     * Reads the credential now, so a bad file or password fails at startup.
     *
     * @param trust the TLS trust of the calls to the authority (the {@code bricklayer.tls.bundle}); {@code null} for the
     *              JVM's default trust
     */
    MsalApplicationFactory(AadProperties properties, SSLContext trust) {
        this.properties = properties;
        this.credential = loadCredential(properties);
        this.sslContext = trust;
    }

    /** The HTTP client MSAL4J calls the authority with: the JDK's, with the trust store and timeout configured. */
    IHttpClient httpClient() {
        return new JdkMsalHttpClient(sslContext, properties.timeout());
    }

    static AuthorityMode authorityMode(URI authorityHost) {
        String host = authorityHost.getHost().toLowerCase(Locale.ROOT);
        boolean defaultPort = authorityHost.getPort() == -1 || authorityHost.getPort() == 443;
        String path = authorityHost.getPath();
        boolean noPath = path == null || path.isEmpty() || path.equals("/");
        return ENTRA_HOSTS.contains(host) && defaultPort && noPath ? AuthorityMode.AAD : AuthorityMode.OIDC;
    }

    AuthorityMode authorityMode() {
        return authorityMode(properties.authorityHost());
    }

    /** The authority URL handed to MSAL4J. */
    String authority() {
        if (authorityMode() == AuthorityMode.AAD) {
            // Without the port even when it is an explicit :443: MSAL4J's cache misses for any authority with a port.
            return "https://" + properties.authorityHost().getHost() + "/" + properties.tenantId() + "/";
        }
        return properties.authorityBase() + "/" + properties.tenantId() + "/v2.0";
    }

    /**
     * Builds the client. For an OIDC authority this makes one blocking HTTP call (the discovery document), so
     * call it off any event-loop thread.
     *
     * @param httpClient every HTTP call MSAL4J makes goes through it ({@link #httpClient()}, audited, or a test's)
     */
    ConfidentialClientApplication build(ExecutorService executor, IHttpClient httpClient) {
        ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                .builder(properties.clientId(), credential)
                .executorService(executor)
                .httpClient(httpClient)
                .logPii(false);
        try {
            if (authorityMode() == AuthorityMode.AAD) {
                builder.authority(authority());
            } else {
                builder.oidcAuthority(authority()).instanceDiscovery(false);
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Invalid authority built from " + AadProperties.PREFIX
                    + ".authority-host and tenant-id: " + authority(), e);
        }
        return builder.build();
    }

    private static IClientCredential loadCredential(AadProperties properties) {
        return switch (properties.credential()) {
            case SECRET -> ClientCredentialFactory.createFromSecret(properties.clientSecret());
            case CERTIFICATE -> loadCertificate(properties.certificate());
            // MSAL4J calls the callback for every token request it sends (not for a token from its cache)
            case FEDERATED -> ClientCredentialFactory.createFromCallback(
                    new FederatedTokenFile(properties.federatedTokenFile()));
            case MANAGED_IDENTITY -> throw new IllegalArgumentException("A managed identity ("
                    + AadProperties.PREFIX + ".credential=managed-identity) signs in without a confidential client; "
                    + "use ManagedIdentityAccessTokenSource");
        };
    }

    private static IClientCredential loadCertificate(AadProperties.Certificate certificate) {
        String prefix = AadProperties.PREFIX + ".certificate.";
        if (certificate.usesKeyStore()) {
            String password = certificate.keyStorePassword() == null ? "" : certificate.keyStorePassword();
            try (InputStream in = Files.newInputStream(certificate.keyStore())) {
                return ClientCredentialFactory.createFromCertificate(in, password);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IllegalStateException("Cannot read the PKCS#12 key store of " + prefix + "key-store ("
                        + certificate.keyStore().getFileName() + "): " + e.getClass().getSimpleName(), e);
            }
        }
        PrivateKey key;
        List<X509Certificate> chain;
        try {
            key = PemContent.load(certificate.privateKey()).getPrivateKey(certificate.privateKeyPassword());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the PEM private key of " + prefix + "private-key ("
                    + certificate.privateKey().getFileName() + "): " + e.getClass().getSimpleName(), e);
        }
        try {
            chain = PemContent.load(certificate.certificateChain()).getCertificates();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the PEM certificates of " + prefix + "certificate-chain ("
                    + certificate.certificateChain().getFileName() + "): " + e.getClass().getSimpleName(), e);
        }
        if (key == null || chain == null || chain.isEmpty()) {
            throw new IllegalStateException(prefix + "private-key and " + prefix
                    + "certificate-chain must hold a PEM private key and at least one PEM certificate");
        }
        return chain.size() == 1
                ? ClientCredentialFactory.createFromCertificate(key, chain.get(0))
                : ClientCredentialFactory.createFromCertificateChain(key, chain);
    }
}
