package dev.bricklayer.common.events.workspace;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by workspace-service on {@link WorkspaceTopics#EVENTS} once security-, identity- and token-service
 * have all reported completion ({@code WorkspaceSecured}, {@code WorkspaceIdentityBootstrapped},
 * {@code TokenPolicyApplied}) for a ready workspace: the onboarding saga is done. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param requestId     the {@link WorkspaceRequested#requestId()}
 * @param workspaceUrl  the workspace host
 * @param occurredAt    when the last completion arrived
 */
public record WorkspaceOnboarded(String workspaceName, String requestId, String workspaceUrl, Instant occurredAt) {

    public WorkspaceOnboarded {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
