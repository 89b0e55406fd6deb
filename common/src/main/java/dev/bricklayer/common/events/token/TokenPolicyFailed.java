package dev.bricklayer.common.events.token;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by token-service on {@link TokenTopics#EVENTS} when applying a workspace's token policy failed
 * permanently. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param step          what was being done: {@code enable-tokens}, {@code max-lifetime}, {@code token-permissions}
 * @param errorCode     the decoded Databricks {@code error_code}
 * @param message       the error message
 * @param occurredAt    when the failure was seen
 */
public record TokenPolicyFailed(
        String workspaceName,
        String step,
        String errorCode,
        String message,
        Instant occurredAt) {

    public TokenPolicyFailed {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
