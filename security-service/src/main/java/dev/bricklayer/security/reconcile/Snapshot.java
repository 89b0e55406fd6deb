package dev.bricklayer.security.reconcile;

import java.util.List;

import dev.bricklayer.security.clusters.ClusterInfo;
import dev.bricklayer.security.ipaccess.IpAccessListInfo;
import dev.bricklayer.security.policies.PolicyInfo;

/**
 * What a workspace actually has, read with GETs only.
 *
 * @param ipAccessLists       every IP access list
 * @param enableIpAccessLists the {@code enableIpAccessLists} value ({@code null} when unset)
 * @param policies            every cluster policy
 * @param clusters            every cluster
 */
public record Snapshot(List<IpAccessListInfo> ipAccessLists, String enableIpAccessLists, List<PolicyInfo> policies,
                       List<ClusterInfo> clusters) {

    public Snapshot {
        ipAccessLists = List.copyOf(ipAccessLists);
        policies = List.copyOf(policies);
        clusters = List.copyOf(clusters);
    }
}
