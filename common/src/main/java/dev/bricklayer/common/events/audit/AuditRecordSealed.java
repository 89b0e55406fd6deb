package dev.bricklayer.common.events.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by audit-service on {@link AuditTopics#LOG} after it stored an {@link ApiCallStarted} or
 * {@link ApiCallCompleted} in the append-only audit table and chained it: compliance reads this topic. The hash is
 * SHA-256 over the previous hash and the record's canonical form, so a consumer can verify the chain from any
 * sealed record it trusts. Kafka key: {@code workspace} (the host for calls outside a workspace).
 *
 * <p>Fields of the other kind of record are {@code null}: a {@code STARTED} record has no status, outcome, error
 * code or duration; a {@code COMPLETED} record has no principal, api, host, method or paths.
 *
 * @param sequence       position in the chain, gap-free, starting at 1
 * @param hash           hex SHA-256 of this record
 * @param previousHash   hex hash of the record at {@code sequence - 1}; 64 zeros for the first
 * @param kind           which call record this is
 * @param callId         the attempt's call id
 * @param service        the calling service
 * @param principal      the client id the call was made as ({@code STARTED})
 * @param api            the API surface ({@code STARTED})
 * @param workspace      the workspace name or host
 * @param host           the host called ({@code STARTED})
 * @param method         HTTP method ({@code STARTED})
 * @param path           request path ({@code STARTED})
 * @param pathTemplate   path with placeholders ({@code STARTED})
 * @param status         HTTP status, 0 without response ({@code COMPLETED})
 * @param outcome        {@code SUCCESS}, {@code HTTP_ERROR} or {@code TRANSPORT_ERROR} ({@code COMPLETED})
 * @param errorCode      decoded error code ({@code COMPLETED}, {@code null} on success)
 * @param durationMillis duration of the attempt ({@code COMPLETED})
 * @param attempt        attempt number
 * @param correlationId  correlation id
 * @param recordedAt     the call record's own time ({@code startedAt} or {@code completedAt})
 * @param sealedAt       when audit-service stored and chained it
 * @param amends         the sequence of the record this one completes (a call first sealed without its completion,
 *                       {@code OUTCOME_UNKNOWN}, or without its start, whose missing half came later); {@code null}
 *                       for a call's first record
 */
public record AuditRecordSealed(
        long sequence,
        String hash,
        String previousHash,
        AuditRecordKind kind,
        String callId,
        String service,
        String principal,
        String api,
        String workspace,
        String host,
        String method,
        String path,
        String pathTemplate,
        Integer status,
        String outcome,
        String errorCode,
        Long durationMillis,
        int attempt,
        String correlationId,
        Instant recordedAt,
        Instant sealedAt,
        Long amends) {

    public AuditRecordSealed {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(sealedAt, "sealedAt");
    }
}
