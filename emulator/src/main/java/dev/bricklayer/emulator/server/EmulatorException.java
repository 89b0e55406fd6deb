package dev.bricklayer.emulator.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;

/**
 * An error answer with the exact body of the surface it comes from. Handlers throw (or emit) it; the
 * servers' exception handler writes it.
 */
public class EmulatorException extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;
    private final HttpHeaders headers = new HttpHeaders();

    public EmulatorException(int status, Map<String, Object> body) {
        super(status + " " + body);
        this.status = status;
        this.body = body;
    }

    /** Databricks: {@code {"error_code": code, "message": message}}. */
    public static EmulatorException databricks(int status, String errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        return new EmulatorException(status, body);
    }

    /** SCIM (RFC 7644): {@code status} is a string; {@code scimType} only when given. */
    public static EmulatorException scim(int status, String detail, String scimType) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:Error"));
        body.put("detail", detail);
        body.put("status", String.valueOf(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        return new EmulatorException(status, body);
    }

    /** ARM: {@code {"error": {"code": code, "message": message}}}. */
    public static EmulatorException arm(int status, String code, String message) {
        return arm(status, code, message, List.of());
    }

    /** ARM with inner errors: {@code {"error": {"code", "message", "details": [...]}}} ({@code details} only when given). */
    public static EmulatorException arm(int status, String code, String message, List<?> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return new EmulatorException(status, Map.of("error", error));
    }

    /** Entra ID token endpoint error with AADSTS code, trace and correlation ids, and the code's error page. */
    public static EmulatorException aad(int status, String error, int aadsts, String description) {
        String traceId = java.util.UUID.randomUUID().toString();
        String correlationId = java.util.UUID.randomUUID().toString();
        String timestamp = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", "AADSTS" + aadsts + ": " + description + "\r\nTrace ID: " + traceId
                + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
        body.put("error_codes", List.of(aadsts));
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + aadsts);
        return new EmulatorException(status, body);
    }

    /** A generic error in the format of {@code surface}. */
    public static EmulatorException of(Surface surface, int status, String code, String message) {
        return switch (surface) {
            case AAD -> aad(status, code, 50000, message);
            case ARM -> arm(status, code, message);
            case WORKSPACE, ACCOUNT -> databricks(status, code, message);
        };
    }

    public EmulatorException header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
