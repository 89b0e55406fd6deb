package dev.bricklayer.common.aad;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.TokenSource;

import dev.bricklayer.common.http.AccessTokenSource;
import dev.bricklayer.common.http.AuditSink;
import reactor.core.publisher.Mono;

/**
 * What every MSAL4J-backed {@link AccessTokenSource} shares; a subclass only says how MSAL4J acquires one token.
 *
 * <p>Tokens are cached per scope and handed out while more than {@link AadProperties#refreshMargin()} of their
 * lifetime is left. MSAL4J keeps its own cache, which it treats as expired 5 minutes early; when MSAL4J returns
 * a cached token with less than the margin left (a margin over 5 minutes), it is asked again with its cache
 * skipped. Concurrent requests for a scope share one fetch. Nothing blocks the caller's thread: MSAL4J's HTTP
 * calls run on a small pool of its own. Every HTTP call MSAL4J makes goes through {@link AuditedMsalHttpClient}
 * when the service audits. MSAL4J's errors become {@link AadAuthenticationException}s with no secret or token.
 */
abstract class AbstractMsalAccessTokenSource implements AccessTokenSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AbstractMsalAccessTokenSource.class);
    private static final Pattern AADSTS_CODE = Pattern.compile("AADSTS\\d+");

    protected final AadProperties properties;
    protected final IHttpClient httpClient;
    protected final ExecutorService executor;
    private final Clock clock;
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CachedToken>> fetches = new ConcurrentHashMap<>();

    /**
     * @param trust      the TLS trust of the calls to the authority; {@code null} for the JVM's default trust
     * @param clock      decides when our cached tokens are due for refresh (MSAL4J's cache uses the system clock)
     * @param httpClient replaces the HTTP transport when not null (tests only)
     * @param audit      records every call MSAL4J makes, as {@code service}; {@code null} for no audit
     */
    AbstractMsalAccessTokenSource(AadProperties properties, SSLContext trust, Clock clock, IHttpClient httpClient,
                                  AuditSink audit, String service) {
        this.properties = properties;
        this.clock = clock;
        IHttpClient transport = httpClient != null ? httpClient : new JdkMsalHttpClient(trust, properties.timeout());
        this.httpClient = audit == null ? transport
                : new AuditedMsalHttpClient(transport, audit, service, properties.principal(), properties.timeout());
        this.executor = newExecutor();
    }

    /**
     * Asks MSAL4J for a token for {@code scope}, from its cache unless {@code skipCache}. Must not block: MSAL4J's
     * work runs on {@link #executor}.
     */
    protected abstract CompletableFuture<IAuthenticationResult> acquire(String scope, boolean skipCache);

    /** Where tokens come from, for error messages (e.g. the authority host). */
    protected abstract String origin();

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
        return properties.principal();
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
        acquireCached(scope, false)
                .thenCompose(result -> {
                    if (!result.issuedNow() && !result.usableAt(clock.instant(), properties.refreshMargin())) {
                        return acquireCached(scope, true);
                    }
                    return CompletableFuture.completedFuture(result);
                })
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

    private CompletableFuture<CachedToken> acquireCached(String scope, boolean skipCache) {
        CompletableFuture<IAuthenticationResult> result;
        try {
            result = acquire(scope, skipCache);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return result.thenApply(CachedToken::of);
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

    private AadAuthenticationException translate(String scope, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof AadAuthenticationException ours) {
                // ours, e.g. from the federated token file MSAL4J asked for the assertion: already clear and clean
                log.debug(ours.getMessage());
                return ours;
            }
        }
        if (cause instanceof MsalServiceException service) {
            List<String> codes = aadstsCodes(service.getMessage());
            String message = "AAD refused a token for scope " + scope + " to " + principal()
                    + ": " + service.errorCode() + (codes.isEmpty() ? "" : " " + String.join(",", codes))
                    // MSAL4J gives managed identity errors no status
                    + (service.statusCode() == null ? "" : " (HTTP " + service.statusCode() + ")")
                    + (service.correlationId() == null ? "" : ", correlation id " + service.correlationId());
            log.debug(message);
            return new AadAuthenticationException(message, service.errorCode(), codes, service.statusCode(),
                    service.correlationId());
        }
        String errorCode = cause instanceof MsalException msal && msal.errorCode() != null
                ? msal.errorCode() : cause.getClass().getSimpleName();
        String message = "No AAD token for scope " + scope + " from " + origin() + ": "
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
