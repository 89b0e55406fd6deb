package dev.bricklayer.common.events.audit;

import java.time.Instant;

/**
 * Published by every service's outbound HTTP stack (the write-ahead audit filter) <em>before</em> a request
 * to Azure or Databricks leaves the process; the request is only sent once Kafka has acknowledged this
 * record. A call whose {@link ApiCallCompleted} never follows (a crash, a cut connection) is therefore
 * still visible to audit-service, which marks it "outcome unknown".
 *
 * <p>Never carries a secret: no header values, no request body, no query string values that hold tokens.
 *
 * @param callId        unique id of this attempt; {@link ApiCallCompleted#callId()} refers to it
 * @param service       the calling service, e.g. {@code security-service}
 * @param principal     the AAD client id (or PAT owner label) the call is made as; never a secret
 * @param api           the API surface, e.g. {@code arm}, {@code scim}, {@code ip-access-lists}
 * @param workspace     the workspace name or host the call targets; {@code null} for ARM calls outside a workspace
 * @param host          the host called
 * @param method        HTTP method
 * @param path          the request path (no query string)
 * @param pathTemplate  the path with identifiers replaced by placeholders, e.g. {@code /api/2.0/preview/scim/v2/Users/{id}}
 * @param attempt       1 for the first attempt, 2 for the first retry, ...
 * @param correlationId the correlation id of the event or request that caused the call
 * @param startedAt     when the attempt was about to be sent
 */
public record ApiCallStarted(
        String callId,
        String service,
        String principal,
        String api,
        String workspace,
        String host,
        String method,
        String path,
        String pathTemplate,
        int attempt,
        String correlationId,
        Instant startedAt) {
}
