package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS} when the identity part of a ready workspace's
 * desired state has converged: groups and service principals with their entitlements exist, grants on the
 * workspace-wide objects are set, and people the access rules map to the workspace are provisioned.
 * One of the completions workspace-service waits for. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName     the workspace
 * @param groups            number of groups in place
 * @param servicePrincipals number of service principals in place
 * @param users             number of users provisioned by access rules
 * @param grants            number of grants applied so far (grants on policies and clusters may follow later)
 * @param occurredAt        when bootstrapping finished
 */
public record WorkspaceIdentityBootstrapped(
        String workspaceName,
        int groups,
        int servicePrincipals,
        int users,
        int grants,
        Instant occurredAt) {

    public WorkspaceIdentityBootstrapped {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
