package dev.bricklayer.common.http;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.aad.AccessTokenSource;
import dev.bricklayer.common.correlation.Correlation;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
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
 *   <li>throttle (SCIM concurrency slot, then the host's pace; 429 slows the host down),</li>
 *   <li>write-ahead audit ({@code ApiCallStarted} acknowledged before the request leaves),</li>
 *   <li>error decoding (error bodies become {@link ApiException}),</li>
 *   <li>authentication (AAD token or PAT, Azure SP headers).</li>
 * </ol>
 * Pace and SCIM slots are per host and shared by every client of this factory, so all callers of one
 * workspace in this service share its share of the workspace budget.
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
    private final RateLimiterRegistry rateLimiters;
    private final BulkheadRegistry bulkheads;
    private final Map<String, HostThrottle> throttles = new ConcurrentHashMap<>();
    private final Map<String, ScimPermits> scimPermits = new ConcurrentHashMap<>();
    private final Map<String, WebClient> workspaceClients = new ConcurrentHashMap<>();
    private volatile WebClient arm;
    private volatile WebClient account;

    /**
     * @param tokens may be {@code null} when this service only calls workspaces with PATs
     * @param trust  the TLS trust of every call (the {@code bricklayer.tls.bundle}); {@code null} for the JVM's default
     */
    public ApiClientFactory(WebClient.Builder builder, HttpStackProperties properties, String service,
                            AccessTokenSource tokens, AuditSink audit, MeterRegistry meterRegistry, ObjectMapper mapper,
                            RetryRegistry retries, RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads, SslBundle trust) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.service = Objects.requireNonNull(service, "service");
        this.tokens = tokens;
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metrics = new HttpMetrics(meterRegistry, service);
        this.decoder = new ErrorDecoder(mapper);
        this.retries = retries;
        this.rateLimiters = rateLimiters;
        this.bulkheads = bulkheads;
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

    /** The pace of calls to {@code hostKey} ({@code host[:port]}). */
    public HostThrottle throttle(String hostKey) {
        return throttles.computeIfAbsent(hostKey, host -> {
            boolean armHost = host.equals(hostKey(properties.armBaseUrl()));
            boolean accountHost = host.equals(hostKey(properties.accountBaseUrl()));
            double rate = armHost ? properties.armRequestsPerSecond()
                    : accountHost ? properties.accountRequestsPerSecond() : properties.workspaceRate(service);
            return new HostThrottle("host:" + host, host, rate, properties.pacingHeadroom(),
                    properties.throttleSlowdown(), properties.throttleCooldown(), properties.defaultThrottleWait(),
                    properties.maxQueueWait(), rateLimiters);
        });
    }

    /** SCIM calls to {@code hostKey} now in flight. */
    public int scimInFlight(String hostKey) {
        ScimPermits permits = scimPermits.get(hostKey);
        return permits == null ? 0 : permits.inFlight();
    }

    private ScimPermits scimPermits(String hostKey) {
        return scimPermits.computeIfAbsent(hostKey, host -> new ScimPermits(bulkheads.bulkhead("scim:" + host,
                BulkheadConfig.custom().maxConcurrentCalls(properties.scimConcurrency()).maxWaitDuration(java.time.Duration.ZERO).build())));
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
                })
                .filter(new CorrelationFilter(armClient))
                .filter(new RetryFilter(downstream, properties.retry(), retries, metrics))
                .filter(new ThrottleFilter(this::throttle, this::scimPermits, metrics))
                .filter(new AuditFilter(audit, service, principal, workspace, metrics))
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
