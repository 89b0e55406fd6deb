package dev.bricklayer.common.events.audit;

import java.time.Instant;

/**
 * Published by every service's outbound HTTP stack when an attempt announced by {@link ApiCallStarted} ends,
 * with a response or with a transport error.
 *
 * @param callId        the {@link ApiCallStarted#callId()} of the attempt
 * @param service       the calling service
 * @param workspace     the workspace name or host, as in the started record
 * @param status        the HTTP status, or 0 when no response arrived (connection error, timeout)
 * @param outcome       {@code SUCCESS}, {@code HTTP_ERROR} or {@code TRANSPORT_ERROR}
 * @param errorCode     the decoded error code ({@code error_code}, SCIM {@code scimType}/status, ARM {@code code}),
 *                      or the transport exception's class name; {@code null} on success
 * @param durationMillis time from send to response or failure
 * @param attempt       the attempt number, as in the started record
 * @param correlationId the correlation id
 * @param completedAt   when the attempt ended
 */
public record ApiCallCompleted(
        String callId,
        String service,
        String workspace,
        int status,
        String outcome,
        String errorCode,
        long durationMillis,
        int attempt,
        String correlationId,
        Instant completedAt) {
}
