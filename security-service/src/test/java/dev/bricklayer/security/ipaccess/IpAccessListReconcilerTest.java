package dev.bricklayer.security.ipaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.security.DesiredStates;
import dev.bricklayer.security.RecordingWorkspace;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;
import dev.bricklayer.security.changes.Refusal;

class IpAccessListReconcilerTest {

    private final PlatformEgress egress = new PlatformEgress(List.of("198.18.0.10/32"), true, "bricklayer-platform");
    private final IpAccessListReconciler reconciler = new IpAccessListReconciler(egress);
    /** For plans that are only looked at, never applied. */
    private final IpAccessApis apis = new RecordingWorkspace().apis();

    private static DesiredState lists(boolean authoritative, IpAccessList... lists) {
        return DesiredStates.withMode(DesiredStates.withLists(DesiredStates.standard(), List.of(lists)), DriftMode.ENFORCE, authoritative);
    }

    private static IpAccessListInfo actual(String id, String label, String type, boolean enabled, String... addresses) {
        return new IpAccessListInfo(id, label, type, List.of(addresses), enabled);
    }

    private static List<String> apply(IpAccessListReconciler.Plan plan, RecordingWorkspace workspace) {
        ApplyContext context = workspace.context();
        for (Change change : plan.changes()) {
            change.action().apply(context);
        }
        return workspace.calls();
    }

    @Test
    void aNewWorkspaceGetsThePlatformListFirstThenAllowThenBlockListsThenEnableIpAccessLists() {
        RecordingWorkspace workspace = new RecordingWorkspace().answer("POST /api/2.0/ip-access-lists",
                "{\"ip_access_list\":{\"list_id\":\"new-1\",\"label\":\"x\",\"list_type\":\"ALLOW\",\"ip_addresses\":[]}}");
        DesiredState desired = lists(true, new IpAccessList("known-bad", ListType.BLOCK, List.of("203.0.113.66")),
                new IpAccessList("corporate", ListType.ALLOW, List.of("203.0.113.0/24")));

        IpAccessListReconciler.Plan plan = reconciler.plan(desired, List.of(), null, Set.of(), workspace.apis());

        assertThat(apply(plan, workspace)).containsExactly(
                "POST /api/2.0/ip-access-lists {\"label\":\"bricklayer-platform\",\"list_type\":\"ALLOW\",\"ip_addresses\":[\"198.18.0.10/32\"]}",
                "POST /api/2.0/ip-access-lists {\"label\":\"corporate\",\"list_type\":\"ALLOW\",\"ip_addresses\":[\"203.0.113.0/24\"]}",
                "POST /api/2.0/ip-access-lists {\"label\":\"known-bad\",\"list_type\":\"BLOCK\",\"ip_addresses\":[\"203.0.113.66\"]}",
                "PATCH /api/2.0/workspace-conf {\"enableIpAccessLists\":\"true\"}");
        assertThat(plan.lists()).isEqualTo(3);
        assertThat(plan.enabled()).isTrue();
        assertThat(workspace.remembered).containsKey("new-1");
    }

    @Test
    void listsThatAreRightMakeNoChangeAddressesCompareAsSetsOfAddresses() {
        DesiredState desired = lists(true, new IpAccessList("corporate", ListType.ALLOW, List.of("203.0.113.0/24", "10.0.0.1")));
        List<IpAccessListInfo> actual = List.of(actual("p", "bricklayer-platform", "ALLOW", true, "198.18.0.10"),
                actual("c", "corporate", "ALLOW", true, "10.0.0.1/32", "203.0.113.5/24"));

        IpAccessListReconciler.Plan plan = reconciler.plan(desired, actual, "true", Set.of("p", "c"), apis);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.adopt()).isEmpty();
    }

    @Test
    void changedAddressesAndADisabledListArePatchedInOneCallNamingBothDifferences() {
        DesiredState desired = lists(false, new IpAccessList("corporate", ListType.ALLOW, List.of("203.0.113.0/24")));
        List<IpAccessListInfo> actual = List.of(actual("p", "bricklayer-platform", "ALLOW", true, "198.18.0.10/32"),
                actual("c", "corporate", "ALLOW", false, "203.0.113.0/25"));
        RecordingWorkspace workspace = new RecordingWorkspace();

        IpAccessListReconciler.Plan plan = reconciler.plan(desired, actual, "true", Set.of("p"), workspace.apis());

        assertThat(plan.changes()).flatExtracting(Change::entries).extracting("objectName", "attribute", "desired", "actual")
                .containsExactly(tuple("corporate", "ip_addresses", "203.0.113.0/24", "203.0.113.0/25"),
                        tuple("corporate", "enabled", "true", "false"));
        assertThat(apply(plan, workspace)).containsExactly(
                "PATCH /api/2.0/ip-access-lists/c {\"ip_addresses\":[\"203.0.113.0/24\"],\"enabled\":true}");
        assertThat(plan.adopt()).extracting(IpAccessListInfo::listId).containsExactly("c"); // matched by label: Bricklayer's now
    }

    @Test
    void listsBricklayerDidNotMakeStayUnlessTheDesiredStateIsAuthoritativeItsOwnGoWhenNoLongerDesired() {
        List<IpAccessListInfo> actual = List.of(actual("p", "bricklayer-platform", "ALLOW", true, "198.18.0.10/32"),
                actual("c", "corporate", "ALLOW", true, "203.0.113.0/24"),
                actual("old", "retired", "BLOCK", true, "192.0.2.1"),
                actual("h", "hand-made", "ALLOW", true, "0.0.0.0/0"));
        IpAccessList corporate = new IpAccessList("corporate", ListType.ALLOW, List.of("203.0.113.0/24"));
        RecordingWorkspace workspace = new RecordingWorkspace();

        IpAccessListReconciler.Plan kept = reconciler.plan(lists(false, corporate), actual, "true", Set.of("p", "c", "old"), apis);
        IpAccessListReconciler.Plan authoritative = reconciler.plan(lists(true, corporate), actual, "true", Set.of("p", "c", "old"),
                workspace.apis());

        assertThat(kept.changes()).flatExtracting(Change::entries).extracting("objectName", "attribute", "desired", "actual")
                .containsExactly(tuple("retired", "*", null, "BLOCK 192.0.2.1"));
        assertThat(kept.forget()).containsExactly("old");
        assertThat(apply(authoritative, workspace)).containsExactly(
                "DELETE /api/2.0/ip-access-lists/old", "DELETE /api/2.0/ip-access-lists/h");
    }

    @Test
    void withoutAllowListsThePlatformsOwnListIsRemovedAndAllowListsHoldingTheEgressAreDeletedLast() {
        List<IpAccessListInfo> actual = List.of(actual("p", "bricklayer-platform", "ALLOW", true, "198.18.0.10/32"),
                actual("o", "office", "ALLOW", true, "203.0.113.0/24"),
                actual("b", "bad", "BLOCK", true, "192.0.2.1"));
        DesiredState desired = lists(false, new IpAccessList("known-bad", ListType.BLOCK, List.of("192.0.2.9")));

        IpAccessListReconciler.Plan plan = reconciler.plan(desired, actual, "true", Set.of("p", "o", "b"), apis);

        assertThat(plan.changes()).flatExtracting(Change::entries).extracting("objectName")
                .containsExactly("known-bad", "bad", "office", "bricklayer-platform");
    }

    @Test
    void listsThatStayCountTowardsTheQuotaAndMayNotBlockTheEgress() {
        List<IpAccessListInfo> big = List.of(actual("x", "legacy", "ALLOW", true, DesiredStates.addresses(999).toArray(String[]::new)));
        List<IpAccessListInfo> blocking = List.of(actual("y", "firewall", "BLOCK", true, "198.18.0.0/24"));
        DesiredState desired = lists(false, new IpAccessList("corporate", ListType.ALLOW, List.of("203.0.113.0/24")));

        Refusal quota = catchThrowableOfType(Refusal.class, () -> reconciler.plan(desired, big, null, Set.of(), apis));
        Refusal lockout = catchThrowableOfType(Refusal.class, () -> reconciler.plan(desired, blocking, null, Set.of(), apis));

        assertThat(quota.step()).isEqualTo("ip-access-lists");
        assertThat(quota.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(quota.getMessage()).contains("1001 addresses").contains("'legacy' (999)");
        assertThat(lockout.code()).isEqualTo("LOCKOUT");
        assertThat(lockout.getMessage()).isEqualTo("BLOCK list 'firewall' (not managed by Bricklayer) holds 198.18.0.0/24, "
                + "which blocks the platform's egress range 198.18.0.10/32");
        // authoritative: those lists go, so they neither count nor block
        assertThat(reconciler.plan(lists(true, new IpAccessList("corporate", ListType.ALLOW, List.of("203.0.113.0/24"))),
                blocking, null, Set.of(), apis).changes()).isNotEmpty();
    }
}
