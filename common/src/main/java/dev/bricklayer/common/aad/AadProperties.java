package dev.bricklayer.common.aad;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Entra ID (AAD) client-credentials token provider, bound from {@code bricklayer.aad.*}.
 *
 * <p>The TLS trust of the calls to the authority is the SSL bundle {@code bricklayer.tls.bundle} names (shared with
 * the outbound HTTP stack). Validated when constructed, so a missing or contradictory setting fails at startup with a message naming
 * the property. {@link #toString()} masks every secret.
 *
 * @param authorityHost  scheme, host and optional port of the token service; {@code https} only. Entra ID in the
 *                       public cloud by default; a local emulator in tests and demos
 * @param tenantId       directory (tenant) id or domain the application signs in to
 * @param clientId       application (client) id of the service principal
 * @param clientSecret   client secret; set this or {@code certificate}, not both
 * @param certificate    certificate credential; set this or {@code clientSecret}, not both
 * @param refreshMargin  a token is refreshed when less than this is left of its lifetime, and never handed out
 *                       with less (unless it was just issued with less)
 * @param timeout        connect and read timeout of each HTTP call to the authority
 */
@ConfigurationProperties("bricklayer.aad")
public record AadProperties(
        @DefaultValue(DEFAULT_AUTHORITY_HOST) URI authorityHost,
        String tenantId,
        String clientId,
        String clientSecret,
        Certificate certificate,
        @DefaultValue("40s") Duration refreshMargin,
        @DefaultValue("10s") Duration timeout) {

    public static final String PREFIX = "bricklayer.aad";
    public static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";
    static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(40);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final String MASK = "******";

    public AadProperties {
        authorityHost = authorityHost == null ? URI.create(DEFAULT_AUTHORITY_HOST) : authorityHost;
        refreshMargin = refreshMargin == null ? DEFAULT_REFRESH_MARGIN : refreshMargin;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (certificate != null && !certificate.isConfigured()) {
            certificate = null;
        }

        List<String> problems = new ArrayList<>();
        problems.addAll(authorityHostProblems(authorityHost));
        if (isBlank(tenantId)) {
            problems.add(PREFIX + ".tenant-id must be set (directory id or domain of the tenant)");
        }
        if (isBlank(clientId)) {
            problems.add(PREFIX + ".client-id must be set (application id of the service principal)");
        }
        boolean hasSecret = !isBlank(clientSecret);
        if (!hasSecret && certificate == null) {
            problems.add("one of " + PREFIX + ".client-secret or " + PREFIX + ".certificate.* must be set");
        } else if (hasSecret && certificate != null) {
            problems.add("set either " + PREFIX + ".client-secret or " + PREFIX + ".certificate.*, not both");
        }
        if (certificate != null) {
            problems.addAll(certificate.problems());
        }
        if (refreshMargin.isNegative()) {
            problems.add(PREFIX + ".refresh-margin must not be negative, was " + refreshMargin);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add(PREFIX + ".timeout must be positive, was " + timeout);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid AAD configuration: " + String.join("; ", problems));
        }
    }

    private static List<String> authorityHostProblems(URI host) {
        String property = PREFIX + ".authority-host";
        if (!"https".equalsIgnoreCase(host.getScheme())) {
            // MSAL4J refuses any other scheme; fail early with the property name instead of MSAL's message.
            return List.of(property + " must be an https URL (MSAL4J refuses other schemes), was " + host);
        }
        if (host.getHost() == null || host.getRawQuery() != null || host.getRawFragment() != null
                || host.getRawUserInfo() != null) {
            return List.of(property + " must be of the form https://host[:port][/path], was " + host);
        }
        return List.of();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The authority host without a trailing slash, e.g. {@code https://login.microsoftonline.com}. */
    String authorityBase() {
        String value = authorityHost.toString();
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    @Override
    public String toString() {
        return "AadProperties[authorityHost=" + authorityHost + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? null : MASK) + ", certificate=" + certificate
                + ", refreshMargin=" + refreshMargin + ", timeout=" + timeout + "]";
    }

    /**
     * Certificate credential: either a PKCS#12 key store holding the private key and certificate, or a PEM
     * private key with a PEM certificate (chain). The public certificate must be registered on the application.
     *
     * @param keyStore           PKCS#12 file with the private key and certificate
     * @param keyStorePassword   password of {@code keyStore}
     * @param privateKey         PEM file with the private key (PKCS#8 or PKCS#1)
     * @param privateKeyPassword password of an encrypted PKCS#8 {@code privateKey}, if any
     * @param certificateChain   PEM file with the certificate, optionally followed by its intermediates
     */
    public record Certificate(
            Path keyStore,
            String keyStorePassword,
            Path privateKey,
            String privateKeyPassword,
            Path certificateChain) {

        boolean isConfigured() {
            return keyStore != null || keyStorePassword != null || privateKey != null || privateKeyPassword != null
                    || certificateChain != null;
        }

        boolean usesKeyStore() {
            return keyStore != null;
        }

        List<String> problems() {
            String prefix = PREFIX + ".certificate.";
            boolean pem = privateKey != null || certificateChain != null || privateKeyPassword != null;
            if (keyStore != null && pem) {
                return List.of("set either " + prefix + "key-store or " + prefix + "private-key with "
                        + prefix + "certificate-chain, not both");
            }
            if (keyStore == null && keyStorePassword != null) {
                return List.of(prefix + "key-store must be set when " + prefix + "key-store-password is given");
            }
            if (keyStore == null && (privateKey == null || certificateChain == null)) {
                return List.of(prefix + "private-key and " + prefix + "certificate-chain must both be set");
            }
            return List.of();
        }

        @Override
        public String toString() {
            return "Certificate[keyStore=" + keyStore + ", keyStorePassword=" + (keyStorePassword == null ? null : MASK)
                    + ", privateKey=" + privateKey + ", privateKeyPassword="
                    + (privateKeyPassword == null ? null : MASK) + ", certificateChain=" + certificateChain + "]";
        }
    }
}
