package dev.bricklayer.common.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiException.ErrorFormat;

/**
 * Turns an error response (status, {@code Retry-After}, body) into an {@link ApiException}. Knows the three
 * body shapes of the APIs Bricklayer calls — Databricks {@code error_code}/{@code message} (and the legacy
 * {@code error}), SCIM (RFC 7644, {@code status} as a string) and ARM {@code error.code} — and the non-JSON
 * forms SDKs tolerate ({@code ERROR_CODE: message}, HTML {@code <pre>}).
 */
public final class ErrorDecoder {

    private static final Pattern CODE_COLON_MESSAGE = Pattern.compile("^([A-Z][A-Z_]+): (.*)$", Pattern.DOTALL);
    private static final Pattern HTML_PRE = Pattern.compile("<pre>(.*?)</pre>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final String SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final ObjectMapper mapper;

    public ErrorDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ApiException decode(int status, String retryAfterHeader, String body, String method, String path) {
        Duration retryAfter = parseRetryAfter(retryAfterHeader);
        JsonNode json = parse(body);
        if (json != null && json.isObject()) {
            if (isScim(json)) {
                String detail = text(json, "detail");
                String scimType = text(json, "scimType");
                String scimStatus = json.hasNonNull("status") ? json.get("status").asText() : String.valueOf(status);
                String code = detail != null && detail.contains("REQUEST_LIMIT_EXCEEDED")
                        ? "REQUEST_LIMIT_EXCEEDED" : "SCIM_" + scimStatus;
                String message = "null".equals(detail) ? "SCIM API Internal Error" : detail;
                return new ApiException(ErrorFormat.SCIM, status, code, message, scimType, null, retryAfter, method, path);
            }
            JsonNode armError = json.get("error");
            if (armError != null && armError.isObject()) {
                return new ApiException(ErrorFormat.ARM, status, text(armError, "code"), text(armError, "message"),
                        null, text(armError, "target"), retryAfter, method, path);
            }
            if (json.hasNonNull("error_code") || json.hasNonNull("message")) {
                return new ApiException(ErrorFormat.DATABRICKS, status, text(json, "error_code"), text(json, "message"),
                        null, null, retryAfter, method, path);
            }
            if (armError != null && armError.isTextual()) {
                return new ApiException(ErrorFormat.DATABRICKS, status, null, armError.asText(), null, null, retryAfter,
                        method, path);
            }
        }
        return decodeText(status, retryAfter, body, method, path);
    }

    private ApiException decodeText(int status, Duration retryAfter, String body, String method, String path) {
        String text = body == null ? "" : body.strip();
        Matcher pre = HTML_PRE.matcher(text);
        if (pre.find()) {
            text = pre.group(1).strip();
        }
        Matcher codeMessage = CODE_COLON_MESSAGE.matcher(text);
        if (codeMessage.matches()) {
            return new ApiException(ErrorFormat.DATABRICKS, status, codeMessage.group(1), codeMessage.group(2), null,
                    null, retryAfter, method, path);
        }
        String message = text.length() > 500 ? text.substring(0, 500) + "…" : text;
        return new ApiException(ErrorFormat.UNKNOWN, status, null, message, null, null, retryAfter, method, path);
    }

    private static boolean isScim(JsonNode json) {
        JsonNode schemas = json.get("schemas");
        if (schemas != null && schemas.isArray()) {
            for (JsonNode schema : schemas) {
                if (SCIM_ERROR_SCHEMA.equals(schema.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** {@code Retry-After} as integer seconds or an RFC 1123 date; {@code null} when absent or unreadable. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
