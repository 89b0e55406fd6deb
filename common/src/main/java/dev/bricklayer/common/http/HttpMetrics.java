package dev.bricklayer.common.http;

import java.time.Duration;

import org.springframework.web.reactive.function.client.ClientRequest;

import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.http.budget.CallPriority;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Metrics of the outbound HTTP stack, tagged by service, API surface and host (one host per workspace):
 * {@code bricklayer.http.calls} (every attempt, with status and outcome), {@code bricklayer.http.throttled}
 * (429s and {@code REQUEST_LIMIT_EXCEEDED}), {@code bricklayer.http.retries} and
 * {@code bricklayer.http.limiter.wait} (time spent waiting for a permit of the budget, tagged with the call's priority).
 */
final class HttpMetrics {

    private final MeterRegistry registry;
    private final String service;

    HttpMetrics(MeterRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
    }

    void called(ApiCallStarted call, int status, String outcome) {
        registry.counter("bricklayer.http.calls", Tags.of("service", service, "api", call.api(), "host", call.host(),
                "method", call.method(), "status", String.valueOf(status), "outcome", outcome)).increment();
    }

    void throttled(ClientRequest request) {
        registry.counter("bricklayer.http.throttled", tags(request)).increment();
    }

    void retried(ClientRequest request) {
        registry.counter("bricklayer.http.retries", tags(request)).increment();
    }

    void limiterWait(ClientRequest request, Duration waited, CallPriority priority) {
        registry.timer("bricklayer.http.limiter.wait", tags(request).and("priority", priority.name().toLowerCase(java.util.Locale.ROOT)))
                .record(waited);
    }

    private Tags tags(ClientRequest request) {
        return Tags.of("service", service, "api", ApiSurface.of(request.url().getRawPath()).tag(),
                "host", request.url().getHost());
    }
}
