package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS} when an account group is assigned to a workspace
 * (account scope), or its permission there changed. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param groupName     the account group's display name
 * @param groupId       the account group's SCIM id
 * @param permission    {@code USER} or {@code ADMIN}
 * @param occurredAt    when the assignment was made
 */
public record GroupAssigned(String workspaceName, String groupName, String groupId, WorkspacePermission permission, Instant occurredAt) {

    public GroupAssigned {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
