package dev.bricklayer.common.http;

import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import reactor.core.publisher.Mono;

/**
 * Retries what the APIs say can be retried (Resilience4j retry, per downstream): 429 after its
 * {@code Retry-After}, 503, SCIM's 500 {@code REQUEST_LIMIT_EXCEEDED}, and connection errors — a refused
 * connection for any method (nothing was sent), other transport errors only for idempotent methods. Never
 * another 4xx. Numbers every attempt, so that the audit records and metrics count each one.
 */
final class RetryFilter implements ExchangeFilterFunction {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final Retry retry;
    private final HttpMetrics metrics;

    RetryFilter(String name, HttpStackProperties.Retry policy, RetryRegistry registry, HttpMetrics metrics) {
        this.retry = registry.retry(name, config(policy));
        this.metrics = metrics;
    }

    static RetryConfig config(HttpStackProperties.Retry policy) {
        return RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(RetryFilter::isRetryable)
                .intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) -> {
                    if (outcome.isLeft() && outcome.getLeft() instanceof ApiException api && api.retryAfter().isPresent()) {
                        return Math.min(api.retryAfter().get().toMillis(), policy.maxBackoff().toMillis());
                    }
                    double backoff = policy.initialBackoff().toMillis() * Math.pow(policy.multiplier(), attempt - 1);
                    return (long) Math.min(backoff, policy.maxBackoff().toMillis());
                })
                .build();
    }

    static boolean isRetryable(Throwable error) {
        if (error instanceof ApiException api) {
            return api.isRetryable();
        }
        if (error instanceof WebClientRequestException transport) {
            return causedBy(transport, ConnectException.class) || IDEMPOTENT.contains(transport.getMethod());
        }
        return false;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        AtomicInteger attempts = new AtomicInteger();
        return Mono.defer(() -> {
                    int attempt = attempts.incrementAndGet();
                    if (attempt > 1) {
                        metrics.retried(request);
                    }
                    return next.exchange(ClientRequest.from(request).attribute(RequestAttributes.ATTEMPT, attempt).build());
                })
                .transformDeferred(RetryOperator.of(retry));
    }
}
