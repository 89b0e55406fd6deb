package dev.bricklayer.common.aad;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Entra ID (AAD) token provider, bound from {@code bricklayer.aad.*}.
 *
 * <p>The service signs in with one {@link Credential credential}: a client secret, a certificate, a federated token
 * (Azure Workload Identity: a token file the kubelet rotates, sent as client assertion) or a managed identity. When
 * {@code credential} is not set it is inferred from what is configured; a pod with only the variables the Azure
 * Workload Identity webhook injects gets {@code federated} ({@link WorkloadIdentityEnvironment}).
 *
 * <p>The TLS trust of the calls to the authority is the SSL bundle {@code bricklayer.tls.bundle} names (shared with
 * the outbound HTTP stack). Validated when constructed, so a missing or contradictory setting fails at startup with a
 * message naming the property. {@link #toString()} masks every secret.
 *
 * @param authorityHost      scheme, host and optional port of the token service; {@code https} only. Entra ID in the
 *                           public cloud by default; a local emulator in tests and demos. Not used by a managed identity
 * @param tenantId           directory (tenant) id or domain the application signs in to (not used by a managed identity)
 * @param clientId           application (client) id of the service principal (a user-assigned managed identity is
 *                           {@code managedIdentity.clientId})
 * @param credential         how the service proves who it is; inferred when not set, see {@link Credential}
 * @param clientSecret       client secret ({@code credential=secret})
 * @param certificate        certificate credential ({@code credential=certificate})
 * @param federatedTokenFile file holding the federated token sent as client assertion ({@code credential=federated}),
 *                           read again for every token request
 * @param managedIdentity    which managed identity ({@code credential=managed-identity}); absent = system-assigned
 * @param refreshMargin      a token is refreshed when less than this is left of its lifetime, and never handed out
 *                           with less (unless it was just issued with less)
 * @param timeout            connect and read timeout of each HTTP call to the authority
 */
@ConfigurationProperties("bricklayer.aad")
public record AadProperties(
        @DefaultValue(DEFAULT_AUTHORITY_HOST) URI authorityHost,
        String tenantId,
        String clientId,
        Credential credential,
        String clientSecret,
        Certificate certificate,
        Path federatedTokenFile,
        ManagedIdentity managedIdentity,
        @DefaultValue("40s") Duration refreshMargin,
        @DefaultValue("10s") Duration timeout) {

    public static final String PREFIX = "bricklayer.aad";
    public static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";
    /** The principal (in audit records) of a system-assigned managed identity. */
    public static final String SYSTEM_ASSIGNED = "system-assigned";
    static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(40);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final String MASK = "******";
    private static final String SECRET_KEY = PREFIX + ".client-secret";
    private static final String CERTIFICATE_KEY = PREFIX + ".certificate.*";
    private static final String TOKEN_FILE_KEY = PREFIX + ".federated-token-file";
    private static final String MANAGED_IDENTITY_KEY = PREFIX + ".managed-identity.client-id";

    /**
     * How the service signs in. Unset, it is inferred: a client secret gives {@code secret}, {@code certificate.*}
     * gives {@code certificate}, a federated token file gives {@code federated}; a managed identity is always chosen
     * explicitly.
     */
    public enum Credential {
        /** Client credentials with {@code client-secret}. */
        SECRET,
        /** Client credentials with an assertion signed by {@code certificate.*}. */
        CERTIFICATE,
        /** Client credentials with the federated token in {@code federated-token-file} as assertion. */
        FEDERATED,
        /** The managed identity of the host (App Service / Container Apps endpoint, or IMDS on a VM). */
        MANAGED_IDENTITY;

        /** As written in configuration, e.g. {@code managed-identity}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public AadProperties {
        authorityHost = authorityHost == null ? URI.create(DEFAULT_AUTHORITY_HOST) : authorityHost;
        refreshMargin = refreshMargin == null ? DEFAULT_REFRESH_MARGIN : refreshMargin;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (certificate != null && !certificate.isConfigured()) {
            certificate = null;
        }
        if (managedIdentity != null && isBlank(managedIdentity.clientId())) {
            managedIdentity = null;
        }

        List<String> problems = new ArrayList<>();
        List<String> given = credentialsGiven(clientSecret, certificate, federatedTokenFile, managedIdentity);
        if (credential == null) {
            credential = inferred(clientSecret, certificate, federatedTokenFile);
            if (credential == null) {
                problems.add(managedIdentity == null
                        ? "a credential must be configured: one of " + SECRET_KEY + ", " + CERTIFICATE_KEY + ", "
                                + TOKEN_FILE_KEY + " (or the Azure Workload Identity variables), or " + PREFIX
                                + ".credential=managed-identity"
                        : MANAGED_IDENTITY_KEY + " needs " + PREFIX + ".credential=managed-identity");
            } else if (given.size() > 1) {
                problems.add("set only one credential, not " + String.join(" and ", given));
            }
        } else {
            String required = requiredKey(credential);
            String allowed = credential == Credential.MANAGED_IDENTITY ? MANAGED_IDENTITY_KEY : required;
            if (required != null && !given.contains(required)) {
                problems.add(required + " must be set for " + PREFIX + ".credential=" + credential.key());
            }
            for (String other : given) {
                if (!other.equals(allowed)) {
                    problems.add(other + " must not be set with " + PREFIX + ".credential=" + credential.key());
                }
            }
        }
        if (credential == Credential.MANAGED_IDENTITY) {
            if (!isBlank(clientId)) {
                problems.add(PREFIX + ".client-id must not be set with " + PREFIX + ".credential=managed-identity; "
                        + "a user-assigned identity is " + MANAGED_IDENTITY_KEY);
            }
        } else {
            problems.addAll(authorityHostProblems(authorityHost));
            if (isBlank(tenantId)) {
                problems.add(PREFIX + ".tenant-id must be set (directory id or domain of the tenant)");
            }
            if (isBlank(clientId)) {
                problems.add(PREFIX + ".client-id must be set (application id of the service principal)");
            }
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

    private static Credential inferred(String clientSecret, Certificate certificate, Path federatedTokenFile) {
        if (!isBlank(clientSecret)) {
            return Credential.SECRET;
        }
        if (certificate != null) {
            return Credential.CERTIFICATE;
        }
        return federatedTokenFile != null ? Credential.FEDERATED : null;
    }

    /** The keys of the credential material that is configured. */
    private static List<String> credentialsGiven(String clientSecret, Certificate certificate, Path federatedTokenFile,
                                                 ManagedIdentity managedIdentity) {
        List<String> given = new ArrayList<>();
        if (!isBlank(clientSecret)) {
            given.add(SECRET_KEY);
        }
        if (certificate != null) {
            given.add(CERTIFICATE_KEY);
        }
        if (federatedTokenFile != null) {
            given.add(TOKEN_FILE_KEY);
        }
        if (managedIdentity != null) {
            given.add(MANAGED_IDENTITY_KEY);
        }
        return given;
    }

    /** The key a credential kind needs; {@code null} for a managed identity (absent = system-assigned). */
    private static String requiredKey(Credential credential) {
        return switch (credential) {
            case SECRET -> SECRET_KEY;
            case CERTIFICATE -> CERTIFICATE_KEY;
            case FEDERATED -> TOKEN_FILE_KEY;
            case MANAGED_IDENTITY -> null;
        };
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

    /**
     * Who signs in, as the audit records it: the client id, or for a managed identity its client id or
     * {@value #SYSTEM_ASSIGNED}.
     */
    String principal() {
        if (credential == Credential.MANAGED_IDENTITY) {
            return managedIdentity == null ? SYSTEM_ASSIGNED : managedIdentity.clientId();
        }
        return clientId;
    }

    @Override
    public String toString() {
        return "AadProperties[authorityHost=" + authorityHost + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", credential=" + credential + ", clientSecret=" + (clientSecret == null ? null : MASK)
                + ", certificate=" + certificate + ", federatedTokenFile=" + federatedTokenFile
                + ", managedIdentity=" + managedIdentity + ", refreshMargin=" + refreshMargin
                + ", timeout=" + timeout + "]";
    }

    /**
     * The managed identity to sign in as; where its token endpoint is (App Service / Container Apps
     * {@code IDENTITY_ENDPOINT} with {@code IDENTITY_HEADER}, else IMDS) MSAL4J reads from the host's environment.
     *
     * @param clientId client id of a user-assigned managed identity; absent = the system-assigned identity
     */
    public record ManagedIdentity(String clientId) {
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
