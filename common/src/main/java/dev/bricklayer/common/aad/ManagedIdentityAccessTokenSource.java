package dev.bricklayer.common.aad;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;

import dev.bricklayer.common.http.AccessTokenSource;
import dev.bricklayer.common.http.AuditSink;

/**
 * {@link AccessTokenSource} of the host's managed identity ({@code bricklayer.aad.credential=managed-identity}),
 * through MSAL4J's {@link ManagedIdentityApplication}: system-assigned, or user-assigned by
 * {@code bricklayer.aad.managed-identity.client-id}.
 *
 * <p>MSAL4J finds the token endpoint in the host's environment when a token is requested: App Service and Container
 * Apps give {@code IDENTITY_ENDPOINT} with {@code IDENTITY_HEADER}, a VM has IMDS (at
 * {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} when that is set). A managed identity is asked for a resource, not a
 * scope: {@code https://management.azure.com/.default} becomes {@code https://management.azure.com}. MSAL4J keeps
 * managed identity tokens in one cache per JVM. Caching, shared fetches, audit (principal: the identity's client id
 * or {@value AadProperties#SYSTEM_ASSIGNED}) and error translation are {@link AbstractMsalAccessTokenSource}'s.
 */
public class ManagedIdentityAccessTokenSource extends AbstractMsalAccessTokenSource {

    private static final Logger log = LoggerFactory.getLogger(ManagedIdentityAccessTokenSource.class);
    private static final String DEFAULT_SUFFIX = "/.default";

    private final ManagedIdentityApplication application;

    /** Without audit: for tools and tests outside a service. */
    public ManagedIdentityAccessTokenSource(AadProperties properties, SSLContext trust) {
        this(properties, trust, Clock.systemUTC(), null, null, null);
    }

    /**
     * Every call MSAL4J makes to the identity endpoint is recorded write-ahead through {@code audit}, as
     * {@code service}; {@code audit} {@code null} (a service that publishes no events): not audited.
     *
     * @param trust the TLS trust of the calls to the identity endpoint; {@code null} for the JVM's default trust
     */
    public ManagedIdentityAccessTokenSource(AadProperties properties, SSLContext trust, AuditSink audit, String service) {
        this(properties, trust, Clock.systemUTC(), null, audit, service);
    }

    ManagedIdentityAccessTokenSource(AadProperties properties, SSLContext trust, Clock clock, IHttpClient httpClient,
                                     AuditSink audit, String service) {
        super(properties, trust, clock, httpClient, audit, service);
        if (properties.credential() != AadProperties.Credential.MANAGED_IDENTITY) {
            throw new IllegalArgumentException("ManagedIdentityAccessTokenSource needs " + AadProperties.PREFIX
                    + ".credential=managed-identity, was " + properties.credential().key());
        }
        ManagedIdentityId identity = properties.managedIdentity() == null ? ManagedIdentityId.systemAssigned()
                : ManagedIdentityId.userAssignedClientId(properties.managedIdentity().clientId());
        this.application = ManagedIdentityApplication.builder(identity)
                .httpClient(this.httpClient)   // the audited one, not the parameter
                .executorService(executor)
                .logPii(false)
                .build();
        log.info("AAD token provider for the {} managed identity ({} at startup, refresh margin {}, calls {})",
                principal(), ManagedIdentityApplication.getManagedIdentitySource(), properties.refreshMargin(),
                audit == null ? "not audited" : "audited");
    }

    /** The resource a managed identity is asked for: the scope without its {@code /.default}. */
    static String resource(String scope) {
        return scope.endsWith(DEFAULT_SUFFIX) ? scope.substring(0, scope.length() - DEFAULT_SUFFIX.length()) : scope;
    }

    @Override
    protected CompletableFuture<IAuthenticationResult> acquire(String scope, boolean skipCache) {
        ManagedIdentityParameters parameters = ManagedIdentityParameters.builder(resource(scope))
                .forceRefresh(skipCache)
                .build();
        try {
            return application.acquireTokenForManagedIdentity(parameters);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    protected String origin() {
        return "the managed identity endpoint (" + ManagedIdentityApplication.getManagedIdentitySource() + ")";
    }
}
