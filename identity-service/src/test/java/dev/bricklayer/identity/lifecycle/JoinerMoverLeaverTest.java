package dev.bricklayer.identity.lifecycle;

import static dev.bricklayer.servicetest.HrPeople.attributes;
import static dev.bricklayer.servicetest.HrPeople.facilityManager;
import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;

/** Joiners, movers, leavers and rehires against emulated workspaces, through Kafka, as the service runs. */
class JoinerMoverLeaverTest extends IdentityServiceTestBase {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void aJoinerIsProvisionedInEveryWorkspaceTheRulesGiveWithOneCreateAndOneGroupPatchPerWorkspace() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-jn-std"), internal(), blueprint("standard"));
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-jn-res"), confidential(), blueprint("restricted"));
        EmulatedWorkspace elsewhere = readyWorkspace(unique("ws-jn-pub"), Map.of("data-classification", "public"), blueprint("standard"));
        long standardBefore = callCount(standard);
        long restrictedBefore = callCount(restricted);

        join("E-JN1", financeAnalyst(), T0);

        awaitActive(standard, userName("E-JN1"), "data-analysts");
        awaitActive(restricted, userName("E-JN1"), "restricted-analysts");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("E-JN1", "UserProvisioned"))
                .extracting(e -> e.get("workspaceName").asText()).containsExactlyInAnyOrder(standard.name(), restricted.name()));
        JsonNode provisioned = eventsOf("E-JN1", "UserProvisioned").stream()
                .filter(e -> e.get("workspaceName").asText().equals(standard.name())).findFirst().orElseThrow();
        assertThat(provisioned.get("scimUserId").asText()).isEqualTo(user(standard, userName("E-JN1")).orElseThrow().id());
        assertThat(provisioned.get("groups")).hasSize(1);
        assertThat(provisioned.get("groups").get(0).asText()).isEqualTo("data-analysts");
        assertThat(user(elsewhere, userName("E-JN1"))).as("no rule gives a public workspace").isEmpty();

        // one create (with the entitlements in it) and one membership PATCH per workspace: nothing else
        assertThat(journal().find(e -> standard.name().equalsIgnoreCase(e.workspace())).stream()
                .skip(standardBefore).map(e -> e.method() + " " + e.path() + " " + e.status()).toList())
                .containsExactly("POST " + SCIM + "/Users 201", "PATCH " + SCIM + "/Groups/" + groupId(standard, "data-analysts") + " 200");
        assertThat(callCount(restricted) - restrictedBefore).isEqualTo(2);
    }

    @Test
    void entitlementsTheRulesGiveTheUserGoInTheCreateCall() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-jn-ent"), internal(), blueprint("standard"));

        join("E-JN2", seniorDataEngineer(), T0);

        ScimUser user = awaitActive(standard, userName("E-JN2"), "data-engineers");
        assertThat(user.entitlements()).containsExactly("allow-instance-pool-create");
        assertThat(calls(standard, e -> e.method().equals("PATCH") && e.path().startsWith(SCIM + "/Users"))).isZero();
    }

    @Test
    void aMoverGainsWhatTheNewRulesGiveAndLosesWhatNoRuleGivesAnyMore() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-mv-std"), internal(), blueprint("standard"));
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-mv-res"), confidential(), blueprint("restricted"));
        join("E-MV1", seniorDataEngineer(), T0);
        ScimUser asEngineer = awaitActive(standard, userName("E-MV1"), "data-engineers");
        assertThat(asEngineer.entitlements()).containsExactly("allow-instance-pool-create");
        awaitSettled("E-MV1");
        assertThat(user(restricted, userName("E-MV1"))).isEmpty();

        // to finance: analysts instead of engineers, the senior entitlement goes, the confidential workspace comes
        move("E-MV1", seniorDataEngineer(), financeAnalyst(), T0.plusSeconds(60));

        ScimUser asAnalyst = awaitActive(standard, userName("E-MV1"), "data-analysts");
        assertThat(asAnalyst.id()).isEqualTo(asEngineer.id());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(user(standard, userName("E-MV1")).orElseThrow().entitlements()).isEmpty());
        awaitActive(restricted, userName("E-MV1"), "restricted-analysts");

        // to facilities: no rule gives anything any more — deactivated and out of the groups in both
        move("E-MV1", financeAnalyst(), facilityManager(), T0.plusSeconds(120));

        awaitInactive(standard, userName("E-MV1"));
        awaitInactive(restricted, userName("E-MV1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("E-MV1", "UserDeprovisioned"))
                .hasSize(2).allSatisfy(e -> assertThat(e.get("reason").asText()).isEqualTo("no-longer-entitled")));
        assertThat(eventsOf("E-MV1", "UserDeprovisioned")).anySatisfy(e -> {
            assertThat(e.get("workspaceName").asText()).isEqualTo(standard.name());
            assertThat(e.get("removedGroups").get(0).asText()).isEqualTo("data-analysts");
        });
    }

    @Test
    void aLeaverIsDeactivatedAndOutOfEveryManagedGroupEverywhereAndARehireIsReactivated() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-lv-std"), internal(), blueprint("standard"));
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-lv-res"), confidential(), blueprint("restricted"));
        join("E-LV1", financeAnalyst(), T0);
        String standardId = awaitActive(standard, userName("E-LV1"), "data-analysts").id();
        String restrictedId = awaitActive(restricted, userName("E-LV1"), "restricted-analysts").id();

        leave("E-LV1", T0.plusSeconds(3600));

        awaitInactive(standard, userName("E-LV1"));
        awaitInactive(restricted, userName("E-LV1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("E-LV1", "UserDeprovisioned")).hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e.get("reason").asText()).isEqualTo("left");
                    assertThat(e.get("removedGroups")).hasSize(1);
                }));

        // rehired: the same users, active again, back in their groups
        join("E-LV1", financeAnalyst(), T0.plusSeconds(7200));

        assertThat(awaitActive(standard, userName("E-LV1"), "data-analysts").id()).isEqualTo(standardId);
        assertThat(awaitActive(restricted, userName("E-LV1"), "restricted-analysts").id()).isEqualTo(restrictedId);
        assertThat(journal().count(e -> e.method().equals("POST") && e.path().equals(SCIM + "/Users")
                && (e.workspace().equalsIgnoreCase(standard.name()) || e.workspace().equalsIgnoreCase(restricted.name())))).isEqualTo(2);
    }

    @Test
    void duplicateAndOutOfOrderEventsChangeNothing() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-rp-std"), internal(), blueprint("standard"));
        join("E-RP1", financeAnalyst(), T0);
        awaitActive(standard, userName("E-RP1"), "data-analysts");
        awaitSettled("E-RP1");
        long calls = callCount(standard);

        join("E-RP1", financeAnalyst(), T0); // the same event again
        leave("E-RP1", T0.plusSeconds(600));
        awaitInactive(standard, userName("E-RP1"));
        awaitSettled("E-RP1");
        long afterLeaving = callCount(standard);
        assertThat(afterLeaving - calls).as("the duplicate made no call; leaving took one user and one group PATCH").isEqualTo(2);

        // older events delivered late: a move and the join from before the leave
        move("E-RP1", financeAnalyst(), seniorDataEngineer(), T0.plusSeconds(300));
        join("E-RP1", seniorDataEngineer(), T0.plusSeconds(1));
        leave("E-RP1", T0.plusSeconds(600)); // and the leave once more
        join("E-RP2", facilityManager(), T0); // one partition: once this one is applied, so are those before it
        await().atMost(Duration.ofSeconds(20)).until(() -> people.find("E-RP2").isPresent());
        awaitSettled("E-RP1");

        assertThat(user(standard, userName("E-RP1")).orElseThrow().active()).isFalse();
        assertThat(callCount(standard)).isEqualTo(afterLeaving);
        assertThat(people.find("E-RP1").orElseThrow().lastEventAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(eventsOf("E-RP1", "UserProvisioned")).hasSize(1);
        assertThat(eventsOf("E-RP1", "UserDeprovisioned")).hasSize(1);
    }

    @Test
    void aUserMadeOutsideBricklayerIsAdoptedReactivatedAndConverged() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-ad-std"), internal(), blueprint("standard"));
        assertThat(admin("/admin/workspaces/" + standard.name() + "/users", map("userName", userName("E-AD1"), "displayName", "Made by hand",
                "active", false, "groups", List.of("data-engineers", "hand-made-team")))).isEqualTo(201);
        String handMadeId = user(standard, userName("E-AD1")).orElseThrow().id();

        join("E-AD1", financeAnalyst(), T0);

        // adopted: the same user, active, in the group the rules give; the managed group they gave no more is left,
        // the group made by hand is not Bricklayer's to change
        ScimUser adopted = awaitActive(standard, userName("E-AD1"), "data-analysts", "hand-made-team");
        assertThat(adopted.id()).isEqualTo(handMadeId);
        assertThat(calls(standard, e -> e.method().equals("POST") && e.path().equals(SCIM + "/Users") && e.status() == 409)).isEqualTo(1);
        assertThat(calls(standard, e -> e.method().equals("POST") && e.path().equals(SCIM + "/Users") && e.status() == 201)).isZero();
        assertThat(standard.identities().users().values().stream()
                .filter(u -> u.path("userName").asText().equalsIgnoreCase(userName("E-AD1")))).hasSize(1);
        awaitSettled("E-AD1");
        assertThat(access.accessOf("E-AD1")).singleElement().satisfies(access -> {
            assertThat(access.adopted()).isTrue();
            assertThat(access.groups()).containsExactly("data-analysts");
        });
    }

    @Test
    void aLeaverNeverProvisionedByBricklayerIsDeactivatedWhereAUserOfThatNameExists() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-ul-std"), internal(), blueprint("standard"));
        EmulatedWorkspace other = readyWorkspace(unique("ws-ul-oth"), internal(), blueprint("standard"));
        admin("/admin/workspaces/" + standard.name() + "/users", map("userName", userName("E-UL1"), "groups", List.of("data-analysts")));

        leave("E-UL1", T0);

        awaitInactive(standard, userName("E-UL1"));
        assertThat(user(other, userName("E-UL1"))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("E-UL1", "UserDeprovisioned")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asText()).isEqualTo("left")));
        assertThat(people.find("E-UL1").orElseThrow().active()).isFalse();
    }

    @Test
    void aContractorGetsTheInternalWorkspaceButNotTheConfidentialOne() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-ct-std"), internal(), blueprint("standard"));
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-ct-res"), confidential(), blueprint("restricted"));

        join("E-CT1", attributes("Finance", "CC-4711", "Financial Analyst", EmploymentType.CONTRACTOR), T0);

        awaitActive(standard, userName("E-CT1"), "data-analysts");
        awaitSettled("E-CT1");
        assertThat(user(restricted, userName("E-CT1"))).isEmpty();
        assertThat(access.accessOf("E-CT1")).extracting(a -> a.workspaceName()).containsExactly(standard.name());
    }

    private static String groupId(EmulatedWorkspace workspace, String name) {
        return workspace.identities().groupByName(name).orElseThrow().get("id").asText();
    }
}
