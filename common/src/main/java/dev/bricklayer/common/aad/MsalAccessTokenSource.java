package dev.bricklayer.common.aad;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IHttpClient;

import dev.bricklayer.common.http.AccessTokenSource;
import dev.bricklayer.common.http.AuditSink;

/**
 * {@link AccessTokenSource} backed by an MSAL4J confidential client: client credentials with a secret, a certificate
 * or a federated token file (Azure Workload Identity), see {@link AadProperties#credential()}.
 *
 * <p>Caching, shared fetches and error translation are {@link AbstractMsalAccessTokenSource}'s. Building the client
 * (one HTTP call for an OIDC authority) runs on the source's own pool, on first use; a federated token file is read
 * again for every token request MSAL4J sends, as the kubelet rotates it.
 */
public class MsalAccessTokenSource extends AbstractMsalAccessTokenSource {

    private static final Logger log = LoggerFactory.getLogger(MsalAccessTokenSource.class);

    private final MsalApplicationFactory factory;
    private final AtomicReference<CompletableFuture<ConfidentialClientApplication>> application =
            new AtomicReference<>();

    /** Without audit, with the JVM's default trust: for tools and tests that call Entra ID outside a service. */
    public MsalAccessTokenSource(AadProperties properties) {
        this(properties, null, Clock.systemUTC(), null, null, null);
    }

    /** Without audit: for tools and tests that call Entra ID outside a service. */
    public MsalAccessTokenSource(AadProperties properties, SSLContext trust) {
        this(properties, trust, Clock.systemUTC(), null, null, null);
    }

    /**
     * Every call MSAL4J makes to the authority is recorded write-ahead through {@code audit}, as {@code service};
     * {@code audit} {@code null} (a service that publishes no events): not audited.
     *
     * @param trust the TLS trust of the calls to the authority; {@code null} for the JVM's default trust
     */
    public MsalAccessTokenSource(AadProperties properties, SSLContext trust, AuditSink audit, String service) {
        this(properties, trust, Clock.systemUTC(), null, audit, service);
    }

    /**
     * @param clock      decides when our cached tokens are due for refresh (MSAL4J's cache uses the system clock)
     * @param httpClient replaces the HTTP transport when not null (tests only)
     */
    MsalAccessTokenSource(AadProperties properties, Clock clock, IHttpClient httpClient) {
        this(properties, null, clock, httpClient, null, null);
    }

    MsalAccessTokenSource(AadProperties properties, SSLContext trust, Clock clock, IHttpClient httpClient, AuditSink audit,
                          String service) {
        super(properties, trust, clock, httpClient, audit, service);
        this.factory = new MsalApplicationFactory(properties, trust);
        log.info("AAD token provider for client {} in tenant {} at {} ({} authority, {} credential, refresh margin {}, "
                        + "calls {})", properties.clientId(), properties.tenantId(), properties.authorityHost(),
                factory.authorityMode(), properties.credential().key(), properties.refreshMargin(),
                audit == null ? "not audited" : "audited");
    }

    @Override
    protected CompletableFuture<IAuthenticationResult> acquire(String scope, boolean skipCache) {
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(Set.of(scope))
                .skipCache(skipCache)
                .build();
        return application().thenCompose(app -> app.acquireToken(parameters));
    }

    @Override
    protected String origin() {
        return properties.authorityHost().toString();
    }

    /** The MSAL4J client, built once on first use; a failed build (e.g. authority down) is retried next time. */
    private CompletableFuture<ConfidentialClientApplication> application() {
        CompletableFuture<ConfidentialClientApplication> current = application.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<ConfidentialClientApplication> next = new CompletableFuture<>();
        if (!application.compareAndSet(current, next)) {
            return application();
        }
        executor.execute(() -> {
            try {
                next.complete(factory.build(executor, httpClient));
            } catch (RuntimeException e) {
                next.completeExceptionally(e);
            }
        });
        return next;
    }
}
