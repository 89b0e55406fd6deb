package dev.bricklayer.common.events.workspace;

import java.util.List;
import java.util.Objects;

/**
 * The resolved desired state of a workspace: its blueprint with the request's overrides applied. Carried by
 * {@link WorkspaceReady}; each governing service converges its part of it.
 *
 * @param ipAccessLists     IP access lists (security-service)
 * @param clusterPolicies   cluster policies (security-service)
 * @param clusters          clusters created under the policies (security-service)
 * @param groups            workspace groups and their entitlements (identity-service)
 * @param servicePrincipals service principals and their entitlements (identity-service)
 * @param grants            permissions on workspace objects (identity-service)
 * @param tokenPolicy       personal access token policy (token-service); {@code null} leaves tokens as they are
 * @param driftMode         whether drift is corrected or only reported
 * @param ipAccessListsAuthoritative {@code true}: {@link #ipAccessLists} are all the lists the workspace may have, and
 *                          lists made by anyone else (by hand, in the portal) are removed; {@code false} (the
 *                          default when absent): only the lists Bricklayer manages are reconciled
 * @param identityScope     where the workspace's people and groups live (identity-service); {@link IdentityScope#WORKSPACE}
 *                          when absent, as in events of producers from before the account scope (a blueprint that
 *                          does not say gets {@link IdentityScope#ACCOUNT}: workspace-service resolves it)
 * @param unityCatalog      the Unity Catalog set-up (workspace-service assigns the metastore, security-service makes
 *                          the catalogs, identity-service grants on them); {@code null} for none
 */
public record DesiredState(
        List<IpAccessList> ipAccessLists,
        List<ClusterPolicy> clusterPolicies,
        List<ClusterSpec> clusters,
        List<GroupSpec> groups,
        List<ServicePrincipalSpec> servicePrincipals,
        List<Grant> grants,
        TokenPolicy tokenPolicy,
        DriftMode driftMode,
        Boolean ipAccessListsAuthoritative,
        IdentityScope identityScope,
        UnityCatalogSpec unityCatalog) {

    /** A desired state without Unity Catalog, in the workspace scope (as before the account scope existed). */
    public DesiredState(List<IpAccessList> ipAccessLists, List<ClusterPolicy> clusterPolicies, List<ClusterSpec> clusters,
                        List<GroupSpec> groups, List<ServicePrincipalSpec> servicePrincipals, List<Grant> grants,
                        TokenPolicy tokenPolicy, DriftMode driftMode, Boolean ipAccessListsAuthoritative) {
        this(ipAccessLists, clusterPolicies, clusters, groups, servicePrincipals, grants, tokenPolicy, driftMode,
                ipAccessListsAuthoritative, IdentityScope.WORKSPACE, null);
    }

    public DesiredState {
        ipAccessLists = ipAccessLists == null ? List.of() : List.copyOf(ipAccessLists);
        clusterPolicies = clusterPolicies == null ? List.of() : List.copyOf(clusterPolicies);
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        groups = groups == null ? List.of() : List.copyOf(groups);
        servicePrincipals = servicePrincipals == null ? List.of() : List.copyOf(servicePrincipals);
        grants = grants == null ? List.of() : List.copyOf(grants);
        Objects.requireNonNull(driftMode, "driftMode");
        // absent in events of older producers and in blueprints that do not say: not authoritative
        ipAccessListsAuthoritative = Boolean.TRUE.equals(ipAccessListsAuthoritative);
        identityScope = identityScope == null ? IdentityScope.WORKSPACE : identityScope;
    }

    /** The catalogs the workspace gets; none without Unity Catalog. */
    public List<CatalogSpec> catalogs() {
        return unityCatalog == null ? List.of() : unityCatalog.catalogs();
    }
}
