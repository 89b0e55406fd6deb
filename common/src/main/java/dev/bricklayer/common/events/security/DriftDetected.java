package dev.bricklayer.common.events.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.bricklayer.common.events.workspace.DriftMode;

/**
 * Published by security-service on {@link SecurityTopics#EVENTS} when a reconcile pass finds a workspace's
 * security settings different from its desired state (someone changed them by hand). In {@link DriftMode#ENFORCE}
 * a {@link DriftCorrected} follows. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param mode          the workspace's drift mode, i.e. whether a correction follows
 * @param differences   every difference found
 * @param occurredAt    when the drift was found
 */
public record DriftDetected(String workspaceName, DriftMode mode, List<DriftEntry> differences, Instant occurredAt) {

    public DriftDetected {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(occurredAt, "occurredAt");
        differences = differences == null ? List.of() : List.copyOf(differences);
    }
}
