package dev.bricklayer.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bricklayer.common.events.workspace.BindingType;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.common.events.workspace.UnityCatalogSpec;

/** Desired states for tests: the shape of the shipped {@code standard} blueprint, and variations of it. */
public final class DesiredStates {

    public static final String TEAM_SHARED_DEFINITION = "{\"autotermination_minutes\":{\"type\":\"range\",\"maxValue\":120,\"defaultValue\":60},"
            + "\"num_workers\":{\"type\":\"range\",\"maxValue\":8},"
            + "\"node_type_id\":{\"type\":\"allowlist\",\"values\":[\"Standard_DS3_v2\",\"Standard_DS4_v2\"],\"defaultValue\":\"Standard_DS3_v2\"},"
            + "\"custom_tags.cost-centre\":{\"type\":\"fixed\",\"value\":\"data-platform\"}}";
    public static final String JOBS_DEFINITION = "{\"cluster_type\":{\"type\":\"fixed\",\"value\":\"job\"},"
            + "\"spark_version\":{\"type\":\"regex\",\"pattern\":\"14\\\\.3\\\\..*\"},"
            + "\"instance_pool_id\":{\"type\":\"forbidden\",\"hidden\":true}}";

    private DesiredStates() {
    }

    /** Three lists (two ALLOW, one BLOCK), two policies, a cluster under one of them; lists authoritative, drift enforced. */
    public static DesiredState standard() {
        return new DesiredState(
                List.of(new IpAccessList("corporate-egress", ListType.ALLOW, List.of("203.0.113.0/24", "198.51.100.0/26")),
                        new IpAccessList("branch-offices", ListType.ALLOW, List.of("192.0.2.0/28")),
                        new IpAccessList("known-bad", ListType.BLOCK, List.of("203.0.113.66"))),
                List.of(new ClusterPolicy("team-shared", TEAM_SHARED_DEFINITION, "Shared clusters for the team", 2),
                        new ClusterPolicy("jobs-only", JOBS_DEFINITION, "Job clusters only", 1)),
                List.of(cluster("team-shared-cluster", "team-shared", 2)),
                List.of(), List.of(), List.of(), null, DriftMode.ENFORCE, true);
    }

    public static ClusterSpec cluster(String name, String policy, int workers) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("spark_version", "14.3.x-scala2.12");
        spec.put("node_type_id", "Standard_DS3_v2");
        spec.put("num_workers", workers);
        spec.put("autotermination_minutes", 60);
        return new ClusterSpec(name, policy, spec);
    }

    public static DesiredState withLists(DesiredState state, List<IpAccessList> lists) {
        return new DesiredState(lists, state.clusterPolicies(), state.clusters(), state.groups(), state.servicePrincipals(),
                state.grants(), state.tokenPolicy(), state.driftMode(), state.ipAccessListsAuthoritative());
    }

    public static DesiredState withClusters(DesiredState state, List<ClusterSpec> clusters) {
        return new DesiredState(state.ipAccessLists(), state.clusterPolicies(), clusters, state.groups(), state.servicePrincipals(),
                state.grants(), state.tokenPolicy(), state.driftMode(), state.ipAccessListsAuthoritative());
    }

    public static DesiredState withMode(DesiredState state, DriftMode mode, boolean authoritative) {
        return new DesiredState(state.ipAccessLists(), state.clusterPolicies(), state.clusters(), state.groups(),
                state.servicePrincipals(), state.grants(), state.tokenPolicy(), mode, authoritative);
    }

    /**
     * Unity Catalog alone, in the account scope: {@code <prefix>_analytics} (isolated, bound read-write, schemas
     * {@code raw} and {@code curated}) and {@code <prefix>_reference} (open); drift in {@code mode}. Catalogs are the
     * metastore's, shared by its workspaces: a prefix of its own keeps a test's catalogs apart.
     */
    public static DesiredState catalogs(String prefix, DriftMode mode) {
        return new DesiredState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, mode, false,
                IdentityScope.ACCOUNT, new UnityCatalogSpec(prefix + "_analytics", List.of(
                        new CatalogSpec(prefix + "_analytics", "Curated data", IsolationMode.ISOLATED,
                                BindingType.BINDING_TYPE_READ_WRITE, List.of("raw", "curated")),
                        new CatalogSpec(prefix + "_reference", null, null, null, null))));
    }

    /** {@code count} distinct single addresses, {@code 10.x.y.z}. */
    public static List<String> addresses(int count) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add("10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256));
        }
        return addresses;
    }
}
