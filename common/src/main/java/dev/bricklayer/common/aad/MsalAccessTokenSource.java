package dev.bricklayer.common.aad;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.TokenSource;

import dev.bricklayer.common.http.AuditSink;
import reactor.core.publisher.Mono;
import dev.bricklayer.common.http.AccessTokenSource;

/**
 * {@link AccessTokenSource} backed by an MSAL4J confidential client (client credentials with a secret or a
 * certificate).
 *
 * <p>Tokens are cached per scope and handed out while more than {@link AadProperties#refreshMargin()} of their
 * lifetime is left. MSAL4J keeps its own cache, which it treats as expired 5 minutes early; when MSAL4J returns
 * a cached token with less than the margin left (a margin over 5 minutes), it is asked again with its cache
 * skipped. Concurrent requests for a scope share one fetch. Nothing blocks the caller's thread: MSAL4J's HTTP
 * calls, and building the client (one HTTP call for an OIDC authority), run on a small pool of its own.
 */
public class MsalAccessTokenSource implements AccessTokenSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MsalAccessTokenSource.class);
    private static final Pattern AADSTS_CODE = Pattern.compile("AADSTS\\d+");

    private final AadProperties properties;
    private final MsalApplicationFactory factory;
    private final Clock clock;
    private final IHttpClient httpClient;
    private final ExecutorService executor;
    private final AtomicReference<CompletableFuture<ConfidentialClientApplication>> application =
            new AtomicReference<>();
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CachedToken>> fetches = new ConcurrentHashMap<>();

    /** Without audit, with the JVM's default trust: for tools and tests that call Entra ID outside a service. */
    public MsalAccessTokenSource(AadProperties properties) {
        this(properties, null, Clock.systemUTC(), null, null, null);
    }

    /** Without audit: for tools and tests that call Entra ID outside a service. */
    public MsalAccessTokenSource(AadProperties properties, SSLContext trust) {
        this(properties, trust, Clock.systemUTC(), null, null, null);
    }

    /**
     * Every call MSAL4J makes to the authority is recorded write-ahead through {@code audit}, as {@code service}.
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
        this.properties = properties;
        this.factory = new MsalApplicationFactory(properties, trust);
        this.clock = clock;
        IHttpClient transport = httpClient != null ? httpClient : factory.httpClient();
        this.httpClient = audit == null ? transport
                : new AuditedMsalHttpClient(transport, audit, service, properties.clientId(), properties.timeout());
        this.executor = newExecutor();
        log.info("AAD token provider for client {} in tenant {} at {} ({} authority, refresh margin {}, calls {})",
                properties.clientId(), properties.tenantId(), properties.authorityHost(), factory.authorityMode(),
                properties.refreshMargin(), audit == null ? "not audited" : "audited");
    }

    @Override
    public Mono<String> token(String scope) {
        return Mono.defer(() -> {
            if (scope == null || scope.isBlank()) {
                return Mono.error(new IllegalArgumentException("scope must not be blank"));
            }
            CachedToken cached = tokens.get(scope);
            if (cached != null && cached.usableAt(clock.instant(), properties.refreshMargin())) {
                return Mono.just(cached.value());
            }
            // suppressCancel: one caller cancelling must not cancel the fetch the others wait for.
            return Mono.fromFuture(() -> fetch(scope), true).map(CachedToken::value);
        });
    }

    @Override
    public String principal() {
        return properties.clientId();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The fetch in progress for {@code scope}, or a new one. */
    private CompletableFuture<CachedToken> fetch(String scope) {
        CompletableFuture<CachedToken> running = fetches.get(scope);
        if (running != null) {
            return running;
        }
        CompletableFuture<CachedToken> promise = new CompletableFuture<>();
        running = fetches.putIfAbsent(scope, promise);
        if (running != null) {
            return running;
        }
        application()
                .thenCompose(app -> acquire(app, scope, false)
                        .thenCompose(result -> {
                            if (!result.issuedNow()
                                    && !result.usableAt(clock.instant(), properties.refreshMargin())) {
                                return acquire(app, scope, true);
                            }
                            return CompletableFuture.completedFuture(result);
                        }))
                .whenComplete((token, failure) -> {
                    try {
                        if (failure == null) {
                            remember(scope, token);
                        }
                    } finally {
                        fetches.remove(scope, promise);
                        if (failure == null) {
                            promise.complete(token);
                        } else {
                            promise.completeExceptionally(translate(scope, failure));
                        }
                    }
                });
        return promise;
    }

    private void remember(String scope, CachedToken token) {
        Duration left = Duration.between(clock.instant(), token.expiresOn());
        if (left.compareTo(properties.refreshMargin()) < 0) {
            // Just issued with a shorter lifetime than the margin: better than nothing, but never reused.
            log.warn("AAD issued a token for scope {} valid for only {}, less than the refresh margin {}",
                    scope, left, properties.refreshMargin());
            tokens.remove(scope);
        } else {
            tokens.put(scope, token);
        }
        log.debug("AAD token for scope {} expires at {} ({})", scope, token.expiresOn(),
                token.issuedNow() ? "issued now" : "from MSAL4J's cache");
    }

    private CompletableFuture<CachedToken> acquire(ConfidentialClientApplication app, String scope,
            boolean skipCache) {
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(Set.of(scope))
                .skipCache(skipCache)
                .build();
        return app.acquireToken(parameters).thenApply(CachedToken::of);
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

    private AadAuthenticationException translate(String scope, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MsalServiceException service) {
            List<String> codes = aadstsCodes(service.getMessage());
            String message = "AAD refused a token for scope " + scope + " to client " + properties.clientId()
                    + ": " + service.errorCode() + (codes.isEmpty() ? "" : " " + String.join(",", codes))
                    + " (HTTP " + service.statusCode() + ")"
                    + (service.correlationId() == null ? "" : ", correlation id " + service.correlationId());
            log.debug(message);
            return new AadAuthenticationException(message, service.errorCode(), codes, service.statusCode(),
                    service.correlationId());
        }
        String errorCode = cause instanceof MsalException msal ? msal.errorCode() : cause.getClass().getSimpleName();
        String message = "No AAD token for scope " + scope + " from " + properties.authorityHost() + ": "
                + errorCode + " (" + describe(cause) + ")";
        log.debug(message);
        return new AadAuthenticationException(message, errorCode, List.of(), null, null);
    }

    /** Exception class names down the cause chain; their messages are left out as they may echo a response. */
    private static String describe(Throwable failure) {
        List<String> names = new ArrayList<>();
        for (Throwable t = failure; t != null && names.size() < 5; t = t.getCause()) {
            names.add(t.getClass().getName());
        }
        return String.join(" <- ", names);
    }

    private static List<String> aadstsCodes(String description) {
        if (description == null) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        Matcher matcher = AADSTS_CODE.matcher(description);
        while (matcher.find()) {
            if (!codes.contains(matcher.group())) {
                codes.add(matcher.group());
            }
        }
        return codes;
    }

    private static ExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "aad-token-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // A few concurrent fetches at most (one per scope); threads die when idle.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * A token, when it expires and whether the authority issued it for this request (rather than MSAL4J's
     * cache); {@link #toString()} leaves the token out.
     */
    record CachedToken(String value, Instant expiresOn, boolean issuedNow) {

        static CachedToken of(IAuthenticationResult result) {
            // MSAL4J 1.26 marks tokens from the authority IDENTITY_PROVIDER but leaves the source of cached
            // client-credential tokens unset (null), so test for the former.
            boolean issuedNow = result.metadata() != null
                    && result.metadata().tokenSource() == TokenSource.IDENTITY_PROVIDER;
            return new CachedToken(result.accessToken(), result.expiresOnDate().toInstant(), issuedNow);
        }

        boolean usableAt(Instant now, Duration margin) {
            return Duration.between(now, expiresOn).compareTo(margin) > 0;
        }

        @Override
        public String toString() {
            return "CachedToken[expiresOn=" + expiresOn + ", issuedNow=" + issuedNow + "]";
        }
    }
}
