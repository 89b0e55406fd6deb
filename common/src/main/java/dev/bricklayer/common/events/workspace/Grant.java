package dev.bricklayer.common.events.workspace;

import java.util.Objects;

/**
 * A desired permission on a workspace object. Objects are named, not identified: identity-service resolves the
 * name to the object id (from {@code ClusterPolicyApplied} / {@code ClusterProvisioned}, or by lookup).
 *
 * @param objectType      the object type
 * @param objectName      the object's name ({@code tokens} for {@link PermissionObjectType#TOKENS})
 * @param principalKind   user, group or service principal
 * @param principalName   user name, group display name or service principal application id
 * @param permissionLevel the level granted
 * @param authoritative   {@code true}: this grant list is the whole access control list of the object and
 *                        principals not listed lose their direct permissions; {@code false}: only add
 */
public record Grant(
        PermissionObjectType objectType,
        String objectName,
        PrincipalKind principalKind,
        String principalName,
        PermissionLevel permissionLevel,
        boolean authoritative) {

    public Grant {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectName, "objectName");
        Objects.requireNonNull(principalKind, "principalKind");
        Objects.requireNonNull(principalName, "principalName");
        Objects.requireNonNull(permissionLevel, "permissionLevel");
    }
}
