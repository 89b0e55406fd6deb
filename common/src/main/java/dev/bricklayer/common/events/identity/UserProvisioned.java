package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS}, once per workspace, when a person (after
 * {@code UserJoined}, {@code UserMoved} or a new workspace) exists as an active SCIM user with the groups the
 * access rules give. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param employeeId    the HR employee id
 * @param userName      the SCIM {@code userName}
 * @param scimUserId    the SCIM user id in this workspace
 * @param groups        display names of the groups the user is a member of (through Bricklayer) in this workspace
 * @param occurredAt    when the user was provisioned
 */
public record UserProvisioned(
        String workspaceName,
        String employeeId,
        String userName,
        String scimUserId,
        List<String> groups,
        Instant occurredAt) {

    public UserProvisioned {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(scimUserId, "scimUserId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
