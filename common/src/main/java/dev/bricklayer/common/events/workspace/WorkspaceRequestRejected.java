package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.bricklayer.common.events.FieldError;

/**
 * Published by workspace-service on {@link WorkspaceTopics#EVENTS} when a message on {@link WorkspaceTopics#REQUESTS}
 * whose body names a workspace can never succeed: a {@link WorkspaceRequested} that breaks its schema, names an
 * unknown blueprint or breaks a business rule (e.g. IP access lists on a non-premium tier), a
 * {@link WorkspaceDecommissionRequested} that breaks its schema or names a workspace workspace-service does not know,
 * or either under a Kafka key that is not the workspace name. Nothing was deployed or deleted; the message is on the
 * requests topic's dead-letter topic with the same reason. Kafka key: {@code workspaceName} as the body gives it.
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
