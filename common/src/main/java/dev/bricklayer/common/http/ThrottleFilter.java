package dev.bricklayer.common.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/**
 * Holds each attempt until its host may be called: a SCIM slot first (for SCIM calls), then the host's
 * pace. A 429 (or {@code REQUEST_LIMIT_EXCEEDED}) pauses and slows the host for every later call.
 */
final class ThrottleFilter implements ExchangeFilterFunction {

    private final Function<String, HostThrottle> throttles;
    private final Function<String, ScimPermits> scimPermits;
    private final HttpMetrics metrics;

    ThrottleFilter(Function<String, HostThrottle> throttles, Function<String, ScimPermits> scimPermits, HttpMetrics metrics) {
        this.throttles = throttles;
        this.scimPermits = scimPermits;
        this.metrics = metrics;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String hostKey = hostKey(request);
        HostThrottle throttle = throttles.apply(hostKey);
        Mono<ClientResponse> paced = throttle.acquire()
                .doOnNext(waited -> metrics.limiterWait(request, waited))
                .then(Mono.defer(() -> next.exchange(request)))
                .doOnError(ApiException.class, error -> {
                    if (error.isThrottled()) {
                        throttle.throttled(error.retryAfter().orElse(null));
                        metrics.throttled(request);
                    }
                });
        if (!ApiSurface.of(request.url().getRawPath()).concurrencyLimited()) {
            return paced;
        }
        ScimPermits permits = scimPermits.apply(hostKey);
        return Mono.defer(() -> {
            AtomicBoolean held = new AtomicBoolean();
            return permits.acquire()
                    .doOnSuccess(granted -> held.set(true))
                    .then(paced)
                    .doFinally(signal -> {
                        if (held.compareAndSet(true, false)) {
                            permits.release();
                        }
                    });
        });
    }

    static String hostKey(ClientRequest request) {
        return request.url().getHost() + (request.url().getPort() > 0 ? ":" + request.url().getPort() : "");
    }
}
