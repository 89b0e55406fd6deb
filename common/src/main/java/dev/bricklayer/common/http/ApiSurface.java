package dev.bricklayer.common.http;

import java.util.List;

/**
 * The API surfaces Bricklayer calls, told apart by path prefix. A table, not a class per surface:
 * the surface names the audit records' {@code api} field and the metrics' {@code api} tag, and says
 * which calls count against the SCIM concurrency limit.
 */
public enum ApiSurface {
    SCIM("scim", "/api/2.0/preview/scim/"),
    PERMISSIONS("permissions", "/api/2.0/permissions/"),
    CLUSTER_POLICIES("cluster-policies", "/api/2.0/policies/clusters/"),
    CLUSTERS("clusters", "/api/2.0/clusters/"),
    IP_ACCESS_LISTS("ip-access-lists", "/api/2.0/ip-access-lists"),
    WORKSPACE_CONF("workspace-conf", "/api/2.0/workspace-conf"),
    TOKEN_MANAGEMENT("token-management", "/api/2.0/token-management/"),
    TOKENS("tokens", "/api/2.0/token/"),
    ACCOUNT("account", "/api/2.0/accounts/"),
    PREVIEW_ACCOUNT("account", "/api/2.0/preview/accounts/"),
    IDENTITY("identity", "/api/2.0/identity/"),
    UNITY_CATALOG("unity-catalog", "/api/2.1/unity-catalog/"),
    PERMISSION_ASSIGNMENTS("permission-assignments", "/api/2.0/preview/permissionassignments"),
    ARM("arm", "/subscriptions/"),
    OTHER("other", "/");

    private static final List<ApiSurface> BY_PREFIX = List.of(values());

    private final String tag;
    private final String pathPrefix;

    ApiSurface(String tag, String pathPrefix) {
        this.tag = tag;
        this.pathPrefix = pathPrefix;
    }

    /** The name used in audit records and metric tags. */
    public String tag() {
        return tag;
    }

    /** SCIM calls share the workspace's small concurrency limit. */
    public boolean concurrencyLimited() {
        return this == SCIM;
    }

    /** The surface a request path belongs to; {@link #OTHER} when no prefix matches. */
    public static ApiSurface of(String path) {
        for (ApiSurface surface : BY_PREFIX) {
            if (path.startsWith(surface.pathPrefix)) {
                return surface;
            }
        }
        return OTHER;
    }
}
