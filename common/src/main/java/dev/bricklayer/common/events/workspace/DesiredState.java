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
        Boolean ipAccessListsAuthoritative) {

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
    }
}
