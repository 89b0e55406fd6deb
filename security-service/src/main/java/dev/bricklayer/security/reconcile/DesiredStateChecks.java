package dev.bricklayer.security.reconcile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.BindingType;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.common.rules.ClusterPolicyRules;
import dev.bricklayer.common.rules.Ipv4Addresses;
import dev.bricklayer.common.rules.UnityCatalogNames;
import dev.bricklayer.security.changes.Refusal;
import dev.bricklayer.security.changes.Refusal.Problem;
import dev.bricklayer.security.ipaccess.PlatformEgress;

/**
 * What a desired state must keep before security-service calls the workspace at all: every address IPv4 or IPv4
 * CIDR, the 1000-value quota over the lists it will make (the platform's list included), no BLOCK address over the
 * platform's egress and — when the platform's ALLOW list is not managed — ALLOW lists that cover the egress, policy
 * definitions in the rule language, clusters under a known policy that terminate themselves, and Unity Catalog catalog
 * and schema names Unity Catalog accepts (common's {@code UnityCatalogNames}), no schemas in a catalog bound read-only.
 */
public final class DesiredStateChecks {

    private final PlatformEgress platform;
    private final ObjectMapper mapper;

    public DesiredStateChecks(PlatformEgress platform, ObjectMapper mapper) {
        this.platform = platform;
        this.mapper = mapper;
    }

    /** @throws Refusal (step {@code validate}) naming every problem */
    public void requireValid(DesiredState desired) {
        List<Problem> problems = check(desired);
        if (!problems.isEmpty()) {
            throw new Refusal("validate", problems);
        }
    }

    /** Every problem of {@code desired}; empty when it may be applied. */
    public List<Problem> check(DesiredState desired) {
        List<Problem> problems = new ArrayList<>();
        checkIpAccessLists(desired, problems);
        checkPolicies(desired, problems);
        checkClusters(desired, problems);
        checkCatalogs(desired, problems);
        return problems;
    }

    private void checkIpAccessLists(DesiredState desired, List<Problem> problems) {
        Set<String> keys = new HashSet<>();
        List<String> allowAddresses = new ArrayList<>();
        int values = 0;
        for (int i = 0; i < desired.ipAccessLists().size(); i++) {
            IpAccessList list = desired.ipAccessLists().get(i);
            String at = "/ipAccessLists/" + i;
            String label = list.label();
            if (label.isBlank()) {
                problems.add(new Problem(at + "/label", Problem.INVALID_IP_ACCESS_LIST, at + "/label: an IP access list needs a label"));
            } else if (label.equals(platform.listLabel())) {
                problems.add(new Problem(at + "/label", Problem.INVALID_IP_ACCESS_LIST, at + "/label: '" + label
                        + "' is the label of the platform's own ALLOW list (bricklayer.security.platform-allow-list-label)"));
            } else if (!keys.add(list.listType() + "|" + label)) {
                problems.add(new Problem(at + "/label", Problem.INVALID_IP_ACCESS_LIST, at + "/label: a " + list.listType()
                        + " list labelled '" + label + "' is already declared"));
            }
            if (list.addresses().isEmpty()) {
                problems.add(new Problem(at + "/addresses", Problem.INVALID_IP_ACCESS_LIST, at + "/addresses: list '" + label
                        + "' needs at least one address"));
            }
            for (int j = 0; j < list.addresses().size(); j++) {
                String address = list.addresses().get(j);
                String field = at + "/addresses/" + j;
                if (!Ipv4Addresses.isIpv4OrCidr(address)) {
                    problems.add(new Problem(field, Problem.INVALID_IP_ADDRESS, field + ": '" + address + "' in list '" + label
                            + "' is not an IPv4 address or IPv4 CIDR block (the only forms Databricks accepts)"));
                    continue;
                }
                if (list.listType() == ListType.BLOCK) {
                    Optional<String> egress = platform.overlapping(address);
                    egress.ifPresent(range -> problems.add(new Problem(field, Problem.LOCKOUT, "BLOCK list '" + label
                            + "' holds " + address + ", which would block the platform's egress range " + range
                            + " and lock Bricklayer out of the workspace")));
                } else {
                    allowAddresses.add(address);
                }
            }
            values += list.addresses().size();
        }
        Optional<IpAccessList> platformList = platform.listFor(desired);
        int platformValues = platformList.map(list -> list.addresses().size()).orElse(0);
        if (values + platformValues > Ipv4Addresses.IP_ACCESS_LIST_QUOTA) {
            problems.add(new Problem("/ipAccessLists", Problem.QUOTA_EXCEEDED, "the IP access lists would hold "
                    + (values + platformValues) + " addresses and CIDR blocks (" + values + " desired"
                    + (platformValues > 0 ? " + " + platformValues + " in the platform's list '" + platform.listLabel() + "'" : "")
                    + "); Databricks allows " + Ipv4Addresses.IP_ACCESS_LIST_QUOTA + " over all lists"));
        }
        boolean anyAllow = desired.ipAccessLists().stream().anyMatch(list -> list.listType() == ListType.ALLOW);
        if (anyAllow && platform.ranges().isEmpty()) {
            problems.add(new Problem("/ipAccessLists", Problem.LOCKOUT, "the desired state has ALLOW lists but no platform "
                    + "egress range is configured (bricklayer.security.platform-egress-ranges), so the platform cannot be "
                    + "kept allowed"));
        } else if (anyAllow && !platform.manageList()) {
            for (String range : platform.ranges()) {
                if (!Ipv4Addresses.coveredBy(range, allowAddresses)) {
                    problems.add(new Problem("/ipAccessLists", Problem.LOCKOUT, "the ALLOW lists do not cover the platform's "
                            + "egress range " + range + " (and bricklayer.security.manage-platform-allow-list is false): "
                            + "Bricklayer would lock itself out of the workspace"));
                }
            }
        }
    }

    private void checkPolicies(DesiredState desired, List<Problem> problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < desired.clusterPolicies().size(); i++) {
            ClusterPolicy policy = desired.clusterPolicies().get(i);
            String at = "/clusterPolicies/" + i;
            if (policy.name().isBlank() || policy.name().length() > 100) {
                problems.add(new Problem(at + "/name", Problem.INVALID_POLICY, at + "/name: a policy name has 1 to 100 characters"));
            } else if (ClusterPolicyRules.BUILT_IN_POLICIES.contains(policy.name())) {
                problems.add(new Problem(at + "/name", Problem.INVALID_POLICY, at + "/name: '" + policy.name()
                        + "' is a built-in policy's name"));
            } else if (!names.add(policy.name().toLowerCase(java.util.Locale.ROOT))) {
                problems.add(new Problem(at + "/name", Problem.INVALID_POLICY, at + "/name: policy '" + policy.name()
                        + "' is already declared"));
            }
            for (ClusterPolicyRules.Problem rule : ClusterPolicyRules.check(policy.definition(), mapper)) {
                String field = at + "/definition" + (rule.attribute() == null ? ""
                        : "/" + rule.attribute().replace("~", "~0").replace("/", "~1"));
                problems.add(new Problem(field, Problem.INVALID_POLICY_DEFINITION, "policy '" + policy.name() + "' ["
                        + rule.rule() + "]: " + rule.message()));
            }
            if (policy.maxClustersPerUser() != null && policy.maxClustersPerUser() < 1) {
                problems.add(new Problem(at + "/maxClustersPerUser", Problem.INVALID_POLICY, at
                        + "/maxClustersPerUser: must be at least 1"));
            }
        }
    }

    /** Names Unity Catalog accepts, once each (regardless of case), and no schemas where the binding is read-only. */
    private static void checkCatalogs(DesiredState desired, List<Problem> problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < desired.catalogs().size(); i++) {
            CatalogSpec catalog = desired.catalogs().get(i);
            String at = "/unityCatalog/catalogs/" + i;
            Optional<String> bad = UnityCatalogNames.problem(catalog.name());
            if (bad.isPresent()) {
                problems.add(new Problem(at + "/name", Problem.INVALID_CATALOG, at + "/name: " + bad.get()));
            } else if (!names.add(UnityCatalogNames.key(catalog.name()))) {
                problems.add(new Problem(at + "/name", Problem.INVALID_CATALOG, at + "/name: catalog '" + catalog.name()
                        + "' is already declared"));
            }
            for (int j = 0; j < catalog.schemas().size(); j++) {
                String field = at + "/schemas/" + j;
                UnityCatalogNames.problem(catalog.schemas().get(j)).ifPresent(message -> problems.add(new Problem(field,
                        Problem.INVALID_CATALOG, field + ": " + message)));
            }
            if (catalog.binding() == BindingType.BINDING_TYPE_READ_ONLY && !catalog.schemas().isEmpty()) {
                problems.add(new Problem(at + "/schemas", Problem.INVALID_CATALOG, at + "/schemas: catalog '" + catalog.name()
                        + "' is bound read-only to this workspace, which cannot create schemas in it"));
            }
        }
    }

    private void checkClusters(DesiredState desired, List<Problem> problems) {
        Set<String> policies = new HashSet<>(ClusterPolicyRules.BUILT_IN_POLICIES);
        desired.clusterPolicies().forEach(policy -> policies.add(policy.name()));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < desired.clusters().size(); i++) {
            ClusterSpec cluster = desired.clusters().get(i);
            String at = "/clusters/" + i;
            if (cluster.name().isBlank()) {
                problems.add(new Problem(at + "/name", Problem.INVALID_CLUSTER, at + "/name: a cluster needs a name"));
            } else if (!names.add(cluster.name())) {
                problems.add(new Problem(at + "/name", Problem.INVALID_CLUSTER, at + "/name: cluster '" + cluster.name()
                        + "' is already declared"));
            }
            if (!policies.contains(cluster.policyName())) {
                problems.add(new Problem(at + "/policyName", Problem.UNKNOWN_POLICY, at + "/policyName: cluster '"
                        + cluster.name() + "' must run under a policy of the desired state or a built-in one, not '"
                        + cluster.policyName() + "'"));
            }
            Object minutes = cluster.spec().get("autotermination_minutes");
            if (!(minutes instanceof Number number) || number.doubleValue() <= 0) {
                problems.add(new Problem(at + "/spec/autotermination_minutes", Problem.AUTOTERMINATION_REQUIRED, "cluster '"
                        + cluster.name() + "' must terminate itself: spec.autotermination_minutes must be greater than 0"
                        + (minutes == null ? " (it is not set)" : " (it is " + minutes + ")")));
            }
        }
    }
}
