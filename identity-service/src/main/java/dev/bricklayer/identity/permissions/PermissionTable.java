package dev.bricklayer.identity.permissions;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bricklayer.common.events.workspace.PermissionLevel;
import dev.bricklayer.common.events.workspace.PermissionObjectType;

import static dev.bricklayer.common.events.workspace.PermissionLevel.*;

/**
 * The securable object types of the Permissions API as a table (after terraform-provider-databricks'
 * {@code permission_definitions.go}): request path segment, the levels the type accepts, and whether the object is
 * workspace-wide (its id is fixed, e.g. {@code passwords}).
 */
public final class PermissionTable {

    /** One object type. */
    public record Definition(String path, Set<PermissionLevel> levels, String fixedId) {

        /** Whether {@code admins} hold CAN_MANAGE here — kept in every replaced ACL. */
        public boolean hasManage() {
            return levels.contains(CAN_MANAGE);
        }

        public boolean workspaceWide() {
            return fixedId != null;
        }
    }

    private static final Map<PermissionObjectType, Definition> TABLE = new EnumMap<>(PermissionObjectType.class);

    static {
        TABLE.put(PermissionObjectType.CLUSTERS, new Definition("clusters", Set.of(CAN_ATTACH_TO, CAN_RESTART, CAN_MANAGE), null));
        TABLE.put(PermissionObjectType.CLUSTER_POLICIES, new Definition("cluster-policies", Set.of(CAN_USE), null));
        TABLE.put(PermissionObjectType.INSTANCE_POOLS, new Definition("instance-pools", Set.of(CAN_ATTACH_TO, CAN_MANAGE), null));
        TABLE.put(PermissionObjectType.JOBS, new Definition("jobs", Set.of(CAN_VIEW, CAN_MANAGE_RUN, IS_OWNER, CAN_MANAGE), null));
        TABLE.put(PermissionObjectType.PIPELINES, new Definition("pipelines", Set.of(CAN_VIEW, CAN_RUN, CAN_MANAGE, IS_OWNER), null));
        TABLE.put(PermissionObjectType.NOTEBOOKS, new Definition("notebooks", Set.of(CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE), null));
        TABLE.put(PermissionObjectType.DIRECTORIES, new Definition("directories", Set.of(CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE), null));
        TABLE.put(PermissionObjectType.REGISTERED_MODELS, new Definition("registered-models", Set.of(CAN_READ, CAN_EDIT,
                CAN_MANAGE_STAGING_VERSIONS, CAN_MANAGE_PRODUCTION_VERSIONS, CAN_MANAGE), null));
        TABLE.put(PermissionObjectType.EXPERIMENTS, new Definition("experiments", Set.of(CAN_READ, CAN_EDIT, CAN_MANAGE), null));
        TABLE.put(PermissionObjectType.TOKENS, new Definition("authorization", Set.of(CAN_USE, CAN_MANAGE), "tokens"));
        TABLE.put(PermissionObjectType.PASSWORDS, new Definition("authorization", Set.of(CAN_USE), "passwords"));
        TABLE.put(PermissionObjectType.SQL_WAREHOUSES, new Definition("sql/warehouses", Set.of(CAN_USE, CAN_MANAGE, CAN_MONITOR,
                CAN_VIEW, IS_OWNER), null));
        TABLE.put(PermissionObjectType.SERVING_ENDPOINTS, new Definition("serving-endpoints", Set.of(CAN_VIEW, CAN_QUERY, CAN_MANAGE), null));
    }

    /** Object types identity-service leaves alone: token usage permissions belong to token-service. */
    public static final Set<PermissionObjectType> NOT_OURS = Set.of(PermissionObjectType.TOKENS);

    /** Types whose ids security-service announces ({@code ClusterPolicyApplied}, {@code ClusterProvisioned}). */
    public static final List<PermissionObjectType> ANNOUNCED = List.of(PermissionObjectType.CLUSTER_POLICIES, PermissionObjectType.CLUSTERS);

    private PermissionTable() {
    }

    public static Definition of(PermissionObjectType type) {
        return TABLE.get(type);
    }
}
