package dev.bricklayer.common.events.token;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by token-service on {@link TokenTopics#EVENTS} when a periodic or on-demand sweep of one workspace's
 * tokens has finished. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param sweepId       id of the sweep, shared by its {@link TokenRevoked} / {@link TokenViolationFound} events
 * @param scanned       tokens inspected
 * @param revoked       tokens revoked
 * @param reported      violations reported without revoking
 * @param startedAt     when the sweep started
 * @param occurredAt    when the sweep finished
 */
public record TokenSweepCompleted(
        String workspaceName,
        String sweepId,
        int scanned,
        int revoked,
        int reported,
        Instant startedAt,
        Instant occurredAt) {

    public TokenSweepCompleted {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
