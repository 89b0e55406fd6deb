package dev.bricklayer.common.aad;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.http.AuditSink;
import dev.bricklayer.common.http.PathTemplates;

/**
 * Write-ahead audit of MSAL4J's own calls to Entra ID (token requests, OIDC and instance discovery), as the outbound
 * HTTP stack does for every other call: {@link ApiCallStarted} must be acknowledged before the request leaves (if it
 * cannot be recorded, the request is not sent), then {@link ApiCallCompleted} with status, duration and the OAuth
 * {@code error} code. API {@value #API}, no workspace. Nothing of the request's form (it holds the client secret or
 * assertion) nor of the answer (it holds the token) is recorded.
 */
final class AuditedMsalHttpClient implements IHttpClient {

    static final String API = "entra";

    private static final Logger log = LoggerFactory.getLogger(AuditedMsalHttpClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IHttpClient delegate;
    private final AuditSink sink;
    private final String service;
    private final String principal;
    private final Duration timeout;

    AuditedMsalHttpClient(IHttpClient delegate, AuditSink sink, String service, String principal, Duration timeout) {
        this.delegate = delegate;
        this.sink = sink;
        this.service = service;
        this.principal = principal;
        this.timeout = timeout;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        String path = request.url().toURI().getRawPath();
        String correlationId = Correlation.current();
        ApiCallStarted started = new ApiCallStarted(UUID.randomUUID().toString(), service, principal, API, null,
                request.url().getHost(), request.httpMethod().name(), path, PathTemplates.of(path), 1, correlationId, Instant.now());
        // write-ahead: no record, no call (a RuntimeException here reaches the caller as the fetch's failure)
        sink.started(started).block(timeout);
        long sentAt = System.nanoTime();
        IHttpResponse response;
        try {
            response = delegate.send(request);
        } catch (Exception e) {
            complete(started, sentAt, 0, "TRANSPORT_ERROR", e.getClass().getSimpleName());
            throw e;
        }
        int status = response.statusCode();
        complete(started, sentAt, status, status >= 400 ? "HTTP_ERROR" : "SUCCESS", status >= 400 ? errorCode(response) : null);
        return response;
    }

    private void complete(ApiCallStarted started, long sentAt, int status, String outcome, String errorCode) {
        ApiCallCompleted completed = new ApiCallCompleted(started.callId(), service, null, status, outcome, errorCode,
                (System.nanoTime() - sentAt) / 1_000_000, started.attempt(), started.correlationId(), Instant.now());
        try {
            sink.completed(completed).block(timeout);
        } catch (RuntimeException e) {
            // the call has happened: audit-service reports it as OUTCOME_UNKNOWN
            log.error("Could not record completion of call {} ({} {}): {}", started.callId(), started.method(), started.path(),
                    e.toString());
        }
    }

    /** The OAuth error ({@code invalid_client}, ...) of an error answer, else {@code HTTP_<status>}. */
    static String errorCode(IHttpResponse response) {
        try {
            JsonNode error = JSON.readTree(response.body() == null ? "" : response.body()).path("error");
            if (error.isTextual() && !error.asText().isBlank()) {
                return error.asText();
            }
        } catch (Exception e) {
            // not JSON: fall through
        }
        return "HTTP_" + response.statusCode();
    }
}
