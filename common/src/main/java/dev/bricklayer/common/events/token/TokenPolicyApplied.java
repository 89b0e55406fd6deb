package dev.bricklayer.common.events.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Published by token-service on {@link TokenTopics#EVENTS} when a ready workspace's token policy is in place:
 * tokens enabled, {@code maxTokenLifetimeDays} set, {@code CAN_USE} on tokens given to the listed principals.
 * One of the completions workspace-service waits for. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName           the workspace
 * @param maxLifetimeDays         the {@code maxTokenLifetimeDays} set
 * @param canUseGroups            groups with {@code CAN_USE} on tokens
 * @param canUseServicePrincipals service principal application ids with {@code CAN_USE} on tokens
 * @param occurredAt              when the policy was applied
 */
public record TokenPolicyApplied(
        String workspaceName,
        int maxLifetimeDays,
        List<String> canUseGroups,
        List<String> canUseServicePrincipals,
        Instant occurredAt) {

    public TokenPolicyApplied {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
        canUseGroups = canUseGroups == null ? List.of() : List.copyOf(canUseGroups);
        canUseServicePrincipals = canUseServicePrincipals == null ? List.of() : List.copyOf(canUseServicePrincipals);
    }
}
