package dev.bricklayer.common.http;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import reactor.core.publisher.Mono;

/**
 * The write-ahead audit filter: {@link ApiCallStarted} must be acknowledged by Kafka before the request
 * leaves — if it cannot be recorded, the call is not made — and {@link ApiCallCompleted} follows with
 * status, duration, attempt and error code. One pair per attempt. Records hold the path without query
 * string and never a header, body or token.
 */
final class AuditFilter implements ExchangeFilterFunction {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Pattern ARM_WORKSPACE = Pattern.compile(
            "/providers/Microsoft\\.Databricks/workspaces/([^/?]+)", Pattern.CASE_INSENSITIVE);

    private final AuditSink sink;
    private final String service;
    private final String principal;
    private final String workspace;
    private final HttpMetrics metrics;

    /**
     * @param workspace the workspace this client calls; {@code null} for ARM, where it is read from the path
     */
    AuditFilter(AuditSink sink, String service, String principal, String workspace, HttpMetrics metrics) {
        this.sink = sink;
        this.service = service;
        this.principal = principal;
        this.workspace = workspace;
        this.metrics = metrics;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String path = request.url().getRawPath();
        ApiCallStarted started = new ApiCallStarted(
                UUID.randomUUID().toString(),
                service,
                principal,
                ApiSurface.of(path).tag(),
                workspaceOf(request, path),
                request.url().getHost(),
                request.method().name(),
                path,
                pathTemplate(request, path),
                RequestAttributes.attempt(request),
                RequestAttributes.string(request, RequestAttributes.CORRELATION_ID).orElse(null),
                Instant.now());
        return sink.started(started).then(Mono.defer(() -> {
            long sentAt = System.nanoTime();
            return next.exchange(request)
                    .flatMap(response -> complete(started, sentAt, response.statusCode().value(), "SUCCESS", null)
                            .thenReturn(response))
                    .onErrorResume(error -> complete(started, sentAt, statusOf(error), outcomeOf(error), codeOf(error))
                            .then(Mono.error(error)));
        }));
    }

    private Mono<Void> complete(ApiCallStarted started, long sentAt, int status, String outcome, String errorCode) {
        long millis = (System.nanoTime() - sentAt) / 1_000_000;
        metrics.called(started, status, outcome);
        ApiCallCompleted completed = new ApiCallCompleted(started.callId(), service, started.workspace(), status,
                outcome, errorCode, millis, started.attempt(), started.correlationId(), Instant.now());
        // The call has happened: a failure to record its end must not fail (and so repeat) it.
        // audit-service reports such a call as OUTCOME_UNKNOWN.
        return sink.completed(completed).onErrorResume(error -> {
            log.error("Could not record completion of call {} ({} {}): {}", started.callId(), started.method(),
                    started.path(), error.toString());
            return Mono.empty();
        });
    }

    private String workspaceOf(ClientRequest request, String path) {
        return RequestAttributes.string(request, RequestAttributes.WORKSPACE).orElseGet(() -> {
            if (workspace != null) {
                return workspace;
            }
            Matcher matcher = ARM_WORKSPACE.matcher(path);
            return matcher.find() ? matcher.group(1) : null;
        });
    }

    /** The URI template the caller used, else the path with id-like segments replaced by {@code {id}}. */
    static String pathTemplate(ClientRequest request, String path) {
        return RequestAttributes.string(request, RequestAttributes.URI_TEMPLATE)
                .map(AuditFilter::templatePath)
                .orElseGet(() -> PathTemplates.of(path));
    }

    private static String templatePath(String template) {
        String withoutQuery = template.contains("?") ? template.substring(0, template.indexOf('?')) : template;
        int scheme = withoutQuery.indexOf("://");
        if (scheme >= 0) {
            int pathStart = withoutQuery.indexOf('/', scheme + 3);
            return pathStart >= 0 ? withoutQuery.substring(pathStart) : "/";
        }
        return withoutQuery;
    }

    private static int statusOf(Throwable error) {
        return error instanceof ApiException api ? api.status() : 0;
    }

    private static String outcomeOf(Throwable error) {
        return error instanceof ApiException ? "HTTP_ERROR" : "TRANSPORT_ERROR";
    }

    private static String codeOf(Throwable error) {
        if (error instanceof ApiException api) {
            return api.errorCode() != null ? api.errorCode() : "HTTP_" + api.status();
        }
        Throwable cause = error instanceof WebClientRequestException && error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName();
    }
}
