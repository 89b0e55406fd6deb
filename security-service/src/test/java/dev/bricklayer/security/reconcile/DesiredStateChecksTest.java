package dev.bricklayer.security.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.security.DesiredStates;
import dev.bricklayer.security.changes.Refusal;
import dev.bricklayer.security.changes.Refusal.Problem;
import dev.bricklayer.security.ipaccess.PlatformEgress;

class DesiredStateChecksTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final DesiredStateChecks checks = new DesiredStateChecks(
            new PlatformEgress(List.of("198.18.0.10/32", "198.18.1.0/24"), true, "bricklayer-platform"), mapper);

    @Test
    void theShippedStandardShapeIsAccepted() {
        assertThat(checks.check(DesiredStates.standard())).isEmpty();
    }

    @Test
    void catalogNamesUnityCatalogRefusesAndSchemasInAReadOnlyBoundCatalogAreRefusedBeforeAnyCall() {
        DesiredState desired = new DesiredState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null,
                dev.bricklayer.common.events.workspace.DriftMode.ENFORCE, false, dev.bricklayer.common.events.workspace.IdentityScope.ACCOUNT,
                new dev.bricklayer.common.events.workspace.UnityCatalogSpec(null, List.of(
                        new dev.bricklayer.common.events.workspace.CatalogSpec("sales.eu", null, null, null, List.of("raw", "a b")),
                        new dev.bricklayer.common.events.workspace.CatalogSpec("Sales", null, null, null, null),
                        new dev.bricklayer.common.events.workspace.CatalogSpec("sales", null,
                                dev.bricklayer.common.events.workspace.IsolationMode.ISOLATED,
                                dev.bricklayer.common.events.workspace.BindingType.BINDING_TYPE_READ_ONLY, List.of("raw")))));

        Refusal refusal = catchThrowableOfType(Refusal.class, () -> checks.requireValid(desired));

        assertThat(refusal.code()).isEqualTo("INVALID_CATALOG");
        assertThat(refusal.problems()).extracting(Problem::field).containsExactly("/unityCatalog/catalogs/0/name",
                "/unityCatalog/catalogs/0/schemas/1", "/unityCatalog/catalogs/2/name", "/unityCatalog/catalogs/2/schemas");
        assertThat(checks.check(DesiredStates.catalogs("ok", dev.bricklayer.common.events.workspace.DriftMode.ENFORCE))).isEmpty();
    }

    @Test
    void aBlockAddressOverAnEgressRangeIsALockoutNamingListAddressAndRange() {
        DesiredState desired = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("wide-block", ListType.BLOCK, List.of("192.0.2.1", "198.18.0.0/16"))));

        Refusal refusal = catchThrowableOfType(Refusal.class, () -> checks.requireValid(desired));

        assertThat(refusal.step()).isEqualTo("validate");
        assertThat(refusal.code()).isEqualTo("LOCKOUT");
        assertThat(refusal.problems()).extracting(Problem::field, Problem::code).containsExactly(
                tuple("/ipAccessLists/0/addresses/1", "LOCKOUT"));
        assertThat(refusal.getMessage()).isEqualTo("BLOCK list 'wide-block' holds 198.18.0.0/16, which would block the platform's "
                + "egress range 198.18.0.10/32 and lock Bricklayer out of the workspace");
    }

    @Test
    void theQuotaCountsThePlatformsOwnList() {
        DesiredState exactly = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("many", ListType.ALLOW, DesiredStates.addresses(998))));
        DesiredState over = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("many", ListType.ALLOW, DesiredStates.addresses(999))));
        DesiredState blockOnly = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("many", ListType.BLOCK, DesiredStates.addresses(1000))));

        assertThat(checks.check(exactly)).isEmpty();
        assertThat(checks.check(over)).extracting(Problem::code).containsExactly("QUOTA_EXCEEDED");
        assertThat(checks.check(over).get(0).message()).isEqualTo("the IP access lists would hold 1001 addresses and CIDR blocks "
                + "(999 desired + 2 in the platform's list 'bricklayer-platform'); Databricks allows 1000 over all lists");
        assertThat(checks.check(blockOnly)).as("no ALLOW list, so no platform list").isEmpty();
    }

    @Test
    void everyAddressMustBeIpv4OrIpv4CidrAndLabelsMustBeUsable() {
        DesiredState desired = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("office", ListType.ALLOW, List.of("203.0.113.0/24", "2001:db8::/32", "10.0.0.0/33")),
                new IpAccessList("office", ListType.ALLOW, List.of("192.0.2.1")),
                new IpAccessList("bricklayer-platform", ListType.ALLOW, List.of("192.0.2.2")),
                new IpAccessList("empty", ListType.BLOCK, List.of())));

        assertThat(checks.check(desired)).extracting(Problem::field, Problem::code).containsExactly(
                tuple("/ipAccessLists/0/addresses/1", "INVALID_IP_ADDRESS"),
                tuple("/ipAccessLists/0/addresses/2", "INVALID_IP_ADDRESS"),
                tuple("/ipAccessLists/1/label", "INVALID_IP_ACCESS_LIST"),
                tuple("/ipAccessLists/2/label", "INVALID_IP_ACCESS_LIST"),
                tuple("/ipAccessLists/3/addresses", "INVALID_IP_ACCESS_LIST"));
        assertThat(checks.check(desired).get(0).message()).isEqualTo("/ipAccessLists/0/addresses/1: '2001:db8::/32' in list 'office' "
                + "is not an IPv4 address or IPv4 CIDR block (the only forms Databricks accepts)");
    }

    @Test
    void withoutThePlatformsListTheAllowListsMustCoverEveryEgressRange() {
        DesiredStateChecks unmanaged = new DesiredStateChecks(
                new PlatformEgress(List.of("198.18.0.10/32", "198.18.1.0/24"), false, "bricklayer-platform"), mapper);
        DesiredState covering = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("corporate", ListType.ALLOW, List.of("198.18.0.0/28", "198.18.1.0/25")),
                new IpAccessList("more", ListType.ALLOW, List.of("198.18.1.128/25"))));
        DesiredState short_ = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("corporate", ListType.ALLOW, List.of("198.18.0.0/28", "198.18.1.0/25"))));

        assertThat(unmanaged.check(covering)).isEmpty();
        assertThat(unmanaged.check(short_)).extracting(Problem::code, Problem::message).containsExactly(tuple("LOCKOUT",
                "the ALLOW lists do not cover the platform's egress range 198.18.1.0/24 (and "
                        + "bricklayer.security.manage-platform-allow-list is false): Bricklayer would lock itself out of the workspace"));
    }

    @Test
    void allowListsWithoutAnyConfiguredEgressAreRefused() {
        DesiredStateChecks noEgress = new DesiredStateChecks(new PlatformEgress(List.of(), true, "bricklayer-platform"), mapper);

        assertThat(noEgress.check(DesiredStates.standard())).extracting(Problem::code).containsExactly("LOCKOUT");
        assertThat(noEgress.check(DesiredStates.withLists(DesiredStates.standard(), List.of()))).isEmpty();
    }

    @Test
    void policiesFollowTheRuleLanguageAndClustersTerminateThemselvesUnderAKnownPolicy() {
        Map<String, Object> forever = new LinkedHashMap<>(DesiredStates.cluster("c", "team-shared", 1).spec());
        forever.put("autotermination_minutes", 0);
        Map<String, Object> unset = new LinkedHashMap<>(forever);
        unset.remove("autotermination_minutes");
        DesiredState desired = new DesiredState(List.of(),
                List.of(new ClusterPolicy("team-shared", "{\"num_workers\":{\"type\":\"between\"}}", null, 1),
                        new ClusterPolicy("Job Compute", "{}", null, null),
                        new ClusterPolicy("bad-json", "{nope", null, 0)),
                List.of(new ClusterSpec("forever", "team-shared", forever), new ClusterSpec("unset", "Job Compute", unset),
                        new ClusterSpec("stray", "no-such-policy", DesiredStates.cluster("s", "x", 1).spec())),
                List.of(), List.of(), List.of(), null, dev.bricklayer.common.events.workspace.DriftMode.ENFORCE, false);

        List<Problem> problems = checks.check(desired);

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(
                tuple("/clusterPolicies/0/definition/num_workers", "INVALID_POLICY_DEFINITION"),
                tuple("/clusterPolicies/1/name", "INVALID_POLICY"),
                tuple("/clusterPolicies/2/definition", "INVALID_POLICY_DEFINITION"),
                tuple("/clusterPolicies/2/maxClustersPerUser", "INVALID_POLICY"),
                tuple("/clusters/0/spec/autotermination_minutes", "AUTOTERMINATION_REQUIRED"),
                tuple("/clusters/1/spec/autotermination_minutes", "AUTOTERMINATION_REQUIRED"),
                tuple("/clusters/2/policyName", "UNKNOWN_POLICY"));
        assertThat(problems.get(0).message()).startsWith("policy 'team-shared' [rule-type]: num_workers: rule type 'between'");
        assertThat(problems.get(4).message()).isEqualTo("cluster 'forever' must terminate itself: spec.autotermination_minutes "
                + "must be greater than 0 (it is 0)");
        assertThat(problems.get(5).message()).endsWith("(it is not set)");
    }
}
