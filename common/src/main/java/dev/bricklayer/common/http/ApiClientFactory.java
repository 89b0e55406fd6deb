package dev.bricklayer.common.http;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.http.budget.CallPriority;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one place that builds {@link WebClient}s to Azure Resource Manager and to workspaces. Every client it
 * builds runs the same filters, outermost first:
 * <ol>
 *   <li>correlation id (from the calling thread or Reactor context),</li>
 *   <li>retry (Resilience4j; 429 after {@code Retry-After}, 503, {@code REQUEST_LIMIT_EXCEEDED}, connection errors),</li>
 *   <li>throttle (a permit of the workspace's budget shared by every service and instance; a 429 pauses and slows the
 *       workspace for all of them),</li>
 *   <li>write-ahead audit ({@code ApiCallStarted} acknowledged before the request leaves),</li>
 *   <li>SCIM slot (SCIM calls: one of the workspace's few slots, shared likewise, held only while the call is out),</li>
 *   <li>error decoding (error bodies become {@link ApiException}),</li>
 *   <li>authentication (AAD token or PAT, Azure SP headers).</li>
 * </ol>
 * Budgets and SCIM slots are per workspace and kept in the budget store ({@link Budgets}): every client of every
 * factory of every service and instance calls a workspace under the same budget.
 */
public final class ApiClientFactory {

    private final WebClient.Builder builder;
    private final HttpStackProperties properties;
    private final String service;
    private final AccessTokenSource tokens;
    private final AuditSink audit;
    private final HttpMetrics metrics;
    private final ErrorDecoder decoder;
    private final RetryRegistry retries;
    private final Budgets budgets;
    private final Map<String, WebClient> workspaceClients = new ConcurrentHashMap<>();
    private volatile WebClient arm;
    private volatile WebClient account;

    /**
     * @param tokens may be {@code null} when this service only calls workspaces with PATs
     * @param trust  the TLS trust of every call (the {@code bricklayer.tls.bundle}); {@code null} for the JVM's default
     */
    public ApiClientFactory(WebClient.Builder builder, HttpStackProperties properties, String service,
                            AccessTokenSource tokens, AuditSink audit, MeterRegistry meterRegistry, ObjectMapper mapper,
                            RetryRegistry retries, Budgets budgets, SslBundle trust) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.service = Objects.requireNonNull(service, "service");
        this.tokens = tokens;
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metrics = new HttpMetrics(meterRegistry, service);
        this.decoder = new ErrorDecoder(mapper);
        this.retries = retries;
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.builder = builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient(properties, trust)));
    }

    /**
     * A builder with this stack's TLS trust and timeouts but none of its filters, for calls that are not to ARM or
     * a workspace (e.g. fetching Entra ID's signing keys to check inbound tokens).
     */
    public WebClient.Builder plainBuilder() {
        return builder.clone();
    }

    /** The client for Azure Resource Manager, authenticated with the ARM scope. */
    public WebClient arm() {
        WebClient client = arm;
        if (client == null) {
            synchronized (this) {
                if (arm == null) {
                    arm = build(properties.armBaseUrl().toString(), "arm", true, requireTokens().principal(), null,
                            AuthFilter.arm(requireTokens()));
                }
                client = arm;
            }
        }
        return client;
    }

    /**
     * The client for the Azure Databricks account host ({@code bricklayer.http.account-base-url}, paths
     * {@code /api/2.0/accounts/{bricklayer.http.account-id}/…}), authenticated as the platform's app (an account admin).
     */
    public WebClient account() {
        WebClient client = account;
        if (client == null) {
            synchronized (this) {
                if (account == null) {
                    account = build(properties.accountBaseUrl().toString(), "account", false, requireTokens().principal(), null,
                            AuthFilter.account(requireTokens()));
                }
                client = account;
            }
        }
        return client;
    }

    /** The account id of {@link #account()} ({@code bricklayer.http.account-id}). */
    public String accountId() {
        if (properties.accountId() == null || properties.accountId().isBlank()) {
            throw new IllegalStateException("No Azure Databricks account: set bricklayer.http.account-id to call the account API");
        }
        return properties.accountId();
    }

    /** The client for one workspace. Clients are cached per workspace name, host and credentials. */
    public WebClient workspace(WorkspaceTarget target) {
        String key = target.name() + "|" + target.baseUrl() + "|" + target.credentials().patOwner();
        return workspaceClients.computeIfAbsent(key, k -> {
            String principal = target.credentials().isPat()
                    ? "pat:" + target.credentials().patOwner()
                    : requireTokens().principal();
            AuthFilter auth = target.credentials().isPat()
                    ? AuthFilter.workspace(null, target, false)
                    : AuthFilter.workspace(requireTokens(), target, properties.azureSpHeaders());
            return build(target.baseUrl().toString(), "workspace", false, principal, target.name(), auth);
        });
    }

    /** The budgets calls are made under (the workspaces', ARM's, SCIM slots). */
    public Budgets budgets() {
        return budgets;
    }

    private WebClient build(String baseUrl, String downstream, boolean armClient, String principal, String workspace,
                            AuthFilter auth) {
        return builder.clone()
                .baseUrl(baseUrl)
                .defaultRequest(spec -> {
                    String correlationId = Correlation.current();
                    if (correlationId != null) {
                        spec.attribute(RequestAttributes.CORRELATION_ID, correlationId);
                    }
                    CallPriority priority = CallPriority.current();
                    if (priority != null) {
                        spec.attribute(CallPriority.KEY, priority);
                    }
                })
                .filter(new CorrelationFilter(armClient))
                .filter(new RetryFilter(downstream, properties.retry(), retries, metrics))
                .filter(new ThrottleFilter(budgets, hostKey(properties.armBaseUrl()), hostKey(properties.accountBaseUrl()),
                        properties.budget().defaultPriority(), properties.defaultThrottleWait(), metrics))
                .filter(new AuditFilter(audit, service, principal, workspace, metrics))
                .filter(new SlotFilter(budgets, hostKey(properties.accountBaseUrl()), properties.budget().defaultPriority()))
                .filter(new ErrorDecodingFilter(decoder))
                .filter(auth)
                .build();
    }

    private AccessTokenSource requireTokens() {
        if (tokens == null) {
            throw new IllegalStateException("No AAD token source: set bricklayer.aad.tenant-id, client-id and a "
                    + "client secret or certificate to call ARM or a workspace with AAD");
        }
        return tokens;
    }

    private static String hostKey(java.net.URI uri) {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static HttpClient httpClient(HttpStackProperties properties, SslBundle trust) {
        HttpClient client = HttpClient.create(ConnectionProvider.builder("bricklayer-outbound")
                        .maxConnections(500)
                        .pendingAcquireMaxCount(-1)
                        .build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout());
        if (trust != null) {
            SslContext ssl = sslContext(trust);
            client = client.secure(spec -> spec.sslContext(ssl));
        }
        return client;
    }

    private static SslContext sslContext(SslBundle trust) {
        try {
            return SslContextBuilder.forClient().trustManager(trust.getManagers().getTrustManagerFactory()).build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot use the SSL bundle of bricklayer.tls.bundle: " + e.getMessage(), e);
        }
    }
}
