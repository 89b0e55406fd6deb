package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.bricklayer.common.events.FieldError;

/**
 * Published by workspace-service on {@link WorkspaceTopics#EVENTS} when a {@link WorkspaceRequested} can never
 * succeed: it breaks its schema, names an unknown blueprint, or breaks a business rule (e.g. IP access lists on a
 * non-premium tier). Nothing was deployed. Kafka key: {@code workspaceName} (or {@code /} when unreadable).
 *
 * @param workspaceName the requested workspace name, as far as it could be read
 * @param requestId     the request id, as far as it could be read; may be {@code null}
 * @param errors        every problem found, not only the first
 * @param occurredAt    when the request was rejected
 */
public record WorkspaceRequestRejected(
        String workspaceName,
        String requestId,
        List<FieldError> errors,
        Instant occurredAt) {

    public WorkspaceRequestRejected {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
