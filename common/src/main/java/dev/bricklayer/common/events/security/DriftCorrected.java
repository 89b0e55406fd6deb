package dev.bricklayer.common.events.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Published by security-service on {@link SecurityTopics#EVENTS} after it put drifted security settings back to
 * the desired state (drift mode {@code enforce}). Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param corrections   the differences that were corrected; {@code actual} is the value before the correction
 * @param occurredAt    when the correction finished
 */
public record DriftCorrected(String workspaceName, List<DriftEntry> corrections, Instant occurredAt) {

    public DriftCorrected {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
        corrections = corrections == null ? List.of() : List.copyOf(corrections);
    }
}
