package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.Objects;

import dev.bricklayer.common.events.workspace.PermissionLevel;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.PrincipalKind;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS} when a desired grant is in place on a workspace
 * object (Permissions API). Kafka key: {@code workspaceName}.
 *
 * @param workspaceName   the workspace
 * @param objectType      the object type
 * @param objectId        the object id ({@code tokens} for the token usage object)
 * @param objectName      the object's name, as in the desired state
 * @param principalKind   user, group or service principal
 * @param principalName   user name, group display name or service principal application id
 * @param permissionLevel the level granted
 * @param occurredAt      when the grant was applied
 */
public record AccessGranted(
        String workspaceName,
        PermissionObjectType objectType,
        String objectId,
        String objectName,
        PrincipalKind principalKind,
        String principalName,
        PermissionLevel permissionLevel,
        Instant occurredAt) {

    public AccessGranted {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(principalKind, "principalKind");
        Objects.requireNonNull(principalName, "principalName");
        Objects.requireNonNull(permissionLevel, "permissionLevel");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
