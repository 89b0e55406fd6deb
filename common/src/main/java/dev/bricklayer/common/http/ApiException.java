package dev.bricklayer.common.http;

import java.time.Duration;
import java.util.Optional;

/**
 * An error response from Azure Resource Manager or a Databricks workspace, decoded from its body.
 * Carries the HTTP status, the API's own error code ({@code error_code}, ARM {@code error.code}, or for SCIM
 * {@code SCIM_<status>}), the SCIM {@code scimType} where there is one, and the server's {@code Retry-After}.
 * The message is the server's, with anything that looks like a token redacted.
 */
public class ApiException extends RuntimeException {

    private final ErrorFormat format;
    private final int status;
    private final String errorCode;
    private final String scimType;
    private final String target;
    private final Duration retryAfter;
    private final String method;
    private final String path;
    private final String serverMessage;

    public ApiException(ErrorFormat format, int status, String errorCode, String message, String scimType,
                        String target, Duration retryAfter, String method, String path) {
        super(method + " " + path + " failed with HTTP " + status
                + (errorCode != null ? " " + errorCode : "")
                + (message != null && !message.isBlank() ? ": " + Secrets.redact(message) : ""));
        this.format = format;
        this.status = status;
        this.errorCode = errorCode;
        this.scimType = scimType;
        this.target = target;
        this.retryAfter = retryAfter;
        this.method = method;
        this.path = path;
        this.serverMessage = message == null ? null : Secrets.redact(message);
    }

    /** Which error body shape the server answered with. */
    public ErrorFormat format() {
        return format;
    }

    public int status() {
        return status;
    }

    /** The API's error code, e.g. {@code RESOURCE_DOES_NOT_EXIST}, {@code AuthorizationFailed}, {@code SCIM_409}. */
    public String errorCode() {
        return errorCode;
    }

    /** SCIM {@code scimType} (e.g. {@code invalidValue}, {@code uniqueness}), when the server sent one. */
    public Optional<String> scimType() {
        return Optional.ofNullable(scimType);
    }

    /** ARM {@code error.target}, when the server sent one. */
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    /** The server's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The server's own message (Databricks {@code message}, SCIM {@code detail}, ARM {@code error.message}), with
     * anything that looks like a token redacted, without the method and path {@link #getMessage()} adds; {@code null}
     * when the server sent none. For reports that quote the service, e.g. a cluster policy's
     * {@code Validation failed for num_workers, …}.
     */
    public String serverMessage() {
        return serverMessage;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isConflict() {
        return status == 409 || "RESOURCE_ALREADY_EXISTS".equals(errorCode) || "ALREADY_EXISTS".equals(errorCode);
    }

    public boolean isThrottled() {
        return status == 429 || "REQUEST_LIMIT_EXCEEDED".equals(errorCode);
    }

    /**
     * Whether the request can be sent again as it is: throttling (429, or SCIM's 500
     * {@code REQUEST_LIMIT_EXCEEDED}) and 503 mean the server did not do the work. No other 4xx is retried.
     */
    public boolean isRetryable() {
        return isThrottled() || status == 503;
    }

    /** The body shapes of the APIs Bricklayer calls. */
    public enum ErrorFormat {
        /** Databricks {@code {"error_code": ..., "message": ...}} (or legacy {@code {"error": ...}}). */
        DATABRICKS,
        /** RFC 7644 {@code {"schemas": [...Error], "detail": ..., "status": "404", "scimType": ...}}. */
        SCIM,
        /** ARM {@code {"error": {"code": ..., "message": ..., "target": ..., "details": [...]}}}. */
        ARM,
        /** A body none of the above: plain text, HTML, empty. */
        UNKNOWN
    }
}
