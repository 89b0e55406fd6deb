package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS}, once per workspace, when a user lost access to a
 * workspace: deactivated ({@code active=false}) and removed from the groups Bricklayer manages. Kafka key:
 * {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param employeeId    the HR employee id
 * @param userName      the SCIM {@code userName}
 * @param scimUserId    the SCIM user id in this workspace
 * @param removedGroups display names of the groups the user was removed from
 * @param reason        why access was removed
 * @param occurredAt    when the user was deprovisioned
 */
public record UserDeprovisioned(
        String workspaceName,
        String employeeId,
        String userName,
        String scimUserId,
        List<String> removedGroups,
        DeprovisionReason reason,
        Instant occurredAt) {

    public UserDeprovisioned {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
        removedGroups = removedGroups == null ? List.of() : List.copyOf(removedGroups);
    }
}
