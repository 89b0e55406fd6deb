package dev.bricklayer.workspace.blueprint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.Grant;
import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.PrincipalKind;
import dev.bricklayer.common.events.workspace.ServicePrincipalSpec;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.rules.ClusterPolicyRules;
import dev.bricklayer.common.rules.Ipv4Addresses;

/**
 * The rules a desired state must keep, checked before anything is deployed: the same limits the Databricks APIs
 * enforce (IPv4/CIDR only and the policy rule language, both from {@code common}'s {@code dev.bricklayer.common.rules};
 * 1000 addresses, policy names ≤ 100 characters, token lifetime 1–730 days),
 * references that must resolve inside the blueprint, and names that must be unique; Unity Catalog's in
 * {@link UnityCatalogRules}.
 */
final class DesiredStateRules {

    static final int MAX_ADDRESSES = Ipv4Addresses.IP_ACCESS_LIST_QUOTA;
    static final Set<String> BUILT_IN_GROUPS = Set.of("admins", "users");
    static final Set<String> BUILT_IN_POLICIES = ClusterPolicyRules.BUILT_IN_POLICIES;
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private DesiredStateRules() {
    }

    /** Every problem of {@code state}; paths are JSON pointers below {@code base}. */
    static List<FileProblem> check(String file, String base, DesiredState state, ObjectMapper mapper) {
        List<FileProblem> problems = new ArrayList<>();
        Consumer<String[]> add = p -> problems.add(new FileProblem(file, base + p[0], p[1], p[2]));

        int addresses = 0;
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < state.ipAccessLists().size(); i++) {
            IpAccessList list = state.ipAccessLists().get(i);
            String at = "/ipAccessLists/" + i;
            if (list.label() == null || list.label().isBlank()) {
                add.accept(new String[] {at + "/label", "required", "an IP access list needs a label"});
            } else if (!labels.add(list.listType() + "/" + list.label())) {
                add.accept(new String[] {at + "/label", "unique", "a " + list.listType() + " list labelled '" + list.label() + "' is already declared"});
            }
            if (list.listType() == null) {
                add.accept(new String[] {at + "/listType", "required", "listType must be ALLOW or BLOCK"});
            }
            if (list.addresses().isEmpty()) {
                add.accept(new String[] {at + "/addresses", "required", "a list needs at least one address"});
            }
            for (int j = 0; j < list.addresses().size(); j++) {
                if (!Ipv4Addresses.isIpv4OrCidr(list.addresses().get(j))) {
                    add.accept(new String[] {at + "/addresses/" + j, "ipv4-or-cidr", "'" + list.addresses().get(j)
                            + "' is not an IPv4 address or IPv4 CIDR block (the only forms Databricks accepts)"});
                }
            }
            addresses += list.addresses().size();
        }
        if (addresses > MAX_ADDRESSES) {
            add.accept(new String[] {"/ipAccessLists", "quota", addresses + " addresses over all lists; Databricks allows "
                    + MAX_ADDRESSES});
        }

        Set<String> policies = new HashSet<>();
        for (int i = 0; i < state.clusterPolicies().size(); i++) {
            ClusterPolicy policy = state.clusterPolicies().get(i);
            String at = "/clusterPolicies/" + i;
            if (policy.name() == null || policy.name().isBlank() || policy.name().length() > 100) {
                add.accept(new String[] {at + "/name", "length", "a policy name has 1 to 100 characters"});
            } else if (!policies.add(policy.name()) || BUILT_IN_POLICIES.contains(policy.name())) {
                add.accept(new String[] {at + "/name", "unique", "policy name '" + policy.name() + "' is already taken"});
            }
            checkDefinition(policy.definition(), at + "/definition", add, mapper);
            if (policy.maxClustersPerUser() != null && policy.maxClustersPerUser() < 1) {
                add.accept(new String[] {at + "/maxClustersPerUser", "minimum", "maxClustersPerUser must be at least 1"});
            }
        }

        Set<String> clusters = new HashSet<>();
        for (int i = 0; i < state.clusters().size(); i++) {
            ClusterSpec cluster = state.clusters().get(i);
            String at = "/clusters/" + i;
            if (cluster.name() == null || cluster.name().isBlank()) {
                add.accept(new String[] {at + "/name", "required", "a cluster needs a name"});
            } else if (!clusters.add(cluster.name())) {
                add.accept(new String[] {at + "/name", "unique", "cluster '" + cluster.name() + "' is already declared"});
            }
            if (cluster.policyName() == null || !(policies.contains(cluster.policyName()) || BUILT_IN_POLICIES.contains(cluster.policyName()))) {
                add.accept(new String[] {at + "/policyName", "reference", "cluster '" + cluster.name()
                        + "' must run under a policy of this blueprint or a built-in one, not '" + cluster.policyName() + "'"});
            }
            Object termination = cluster.spec().get("autotermination_minutes");
            if (!(termination instanceof Number minutes) || minutes.intValue() < 10) {
                add.accept(new String[] {at + "/spec/autotermination_minutes", "auto-termination", "clusters must terminate "
                        + "themselves: autotermination_minutes of at least 10 is required"});
            }
        }

        Set<String> groups = new HashSet<>(BUILT_IN_GROUPS);
        for (int i = 0; i < state.groups().size(); i++) {
            GroupSpec group = state.groups().get(i);
            String at = "/groups/" + i + "/name";
            if (group.name() == null || group.name().isBlank()) {
                add.accept(new String[] {at, "required", "a group needs a name"});
            } else if (!groups.add(group.name())) {
                add.accept(new String[] {at, "unique", "group '" + group.name() + "' is built in or already declared"});
            }
        }

        Set<String> servicePrincipals = new HashSet<>();
        for (int i = 0; i < state.servicePrincipals().size(); i++) {
            ServicePrincipalSpec sp = state.servicePrincipals().get(i);
            String at = "/servicePrincipals/" + i + "/applicationId";
            if (sp.applicationId() == null || !GUID.matcher(sp.applicationId()).matches()) {
                add.accept(new String[] {at, "guid", "applicationId must be the app's client id (a GUID), not '" + sp.applicationId() + "'"});
            } else if (!servicePrincipals.add(sp.applicationId().toLowerCase())) {
                add.accept(new String[] {at, "unique", "service principal " + sp.applicationId() + " is already declared"});
            }
        }

        for (int i = 0; i < state.grants().size(); i++) {
            Grant grant = state.grants().get(i);
            String at = "/grants/" + i;
            if (grant.objectType() == PermissionObjectType.CLUSTER_POLICIES && !policies.contains(grant.objectName())
                    && !BUILT_IN_POLICIES.contains(grant.objectName())) {
                add.accept(new String[] {at + "/objectName", "reference", "no cluster policy '" + grant.objectName() + "' in this blueprint"});
            }
            if (grant.objectType() == PermissionObjectType.CLUSTERS && !clusters.contains(grant.objectName())) {
                add.accept(new String[] {at + "/objectName", "reference", "no cluster '" + grant.objectName() + "' in this blueprint"});
            }
            if (grant.principalKind() == PrincipalKind.GROUP && !groups.contains(grant.principalName())) {
                add.accept(new String[] {at + "/principalName", "reference", "no group '" + grant.principalName() + "' in this blueprint"});
            }
            if (grant.principalKind() == PrincipalKind.SERVICE_PRINCIPAL && !servicePrincipals.contains(String.valueOf(grant.principalName()).toLowerCase())) {
                add.accept(new String[] {at + "/principalName", "reference", "no service principal '" + grant.principalName() + "' in this blueprint"});
            }
        }

        problems.addAll(UnityCatalogRules.check(file, base + "/unityCatalog", state.unityCatalog()));

        TokenPolicy tokens = state.tokenPolicy();
        if (tokens != null) {
            if (tokens.maxLifetimeDays() < 1 || tokens.maxLifetimeDays() > 730) {
                add.accept(new String[] {"/tokenPolicy/maxLifetimeDays", "range", "maxLifetimeDays must be 1 to 730 (Databricks' limit)"});
            }
            if (tokens.nearExpiryDays() < 0) {
                add.accept(new String[] {"/tokenPolicy/nearExpiryDays", "minimum", "nearExpiryDays must not be negative"});
            }
            for (int i = 0; i < tokens.canUseGroups().size(); i++) {
                if (!groups.contains(tokens.canUseGroups().get(i))) {
                    add.accept(new String[] {"/tokenPolicy/canUseGroups/" + i, "reference", "no group '" + tokens.canUseGroups().get(i) + "' in this blueprint"});
                }
            }
            for (int i = 0; i < tokens.canUseServicePrincipals().size(); i++) {
                if (!servicePrincipals.contains(tokens.canUseServicePrincipals().get(i).toLowerCase())) {
                    add.accept(new String[] {"/tokenPolicy/canUseServicePrincipals/" + i, "reference", "no service principal '"
                            + tokens.canUseServicePrincipals().get(i) + "' in this blueprint"});
                }
            }
        }
        return problems;
    }

    private static void checkDefinition(String definition, String at, Consumer<String[]> add, ObjectMapper mapper) {
        for (ClusterPolicyRules.Problem problem : ClusterPolicyRules.check(definition, mapper)) {
            String path = problem.attribute() == null ? at : at + "/" + problem.attribute().replace("~", "~0").replace("/", "~1");
            add.accept(new String[] {path, problem.rule(), problem.message()});
        }
    }
}
