package dev.bricklayer.identity.onboarding;

import static dev.bricklayer.servicetest.HrPeople.facilityManager;
import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/** WorkspaceReady: groups, service principals, back-fill, completion event; replays; failures; decommission. */
class WorkspaceBootstrapTest extends IdentityServiceTestBase {

    private static final Instant T0 = Instant.parse("2025-04-01T08:00:00Z");

    @Test
    void aNewWorkspaceGetsItsGroupsAndIsBackFilledWithEveryoneTheRulesGiveIt() {
        join("E-BF1", seniorDataEngineer(), T0);
        join("E-BF2", financeAnalyst(), T0);
        join("E-BF3", facilityManager(), T0);
        await().atMost(Duration.ofSeconds(20)).until(() -> people.find("E-BF3").isPresent() && people.find("E-BF1").isPresent()
                && people.find("E-BF2").isPresent());
        EmulatedWorkspace standard = deploy(unique("ws-bf-std"), internal());
        // a group of the blueprint made by hand before Bricklayer came, without its entitlements
        String handMade = standard.identities().createGroup("data-analysts").get("id").asText();

        announce(standard, blueprint("standard"));

        JsonNode done = awaitEvent(standard.name(), "WorkspaceIdentityBootstrapped", 1).get(0);
        assertThat(done.get("groups").asInt()).isEqualTo(2);
        assertThat(done.get("users").asInt()).isEqualTo(2);
        // back-filled before the completion event: the event means the people are there
        assertThat(user(standard, userName("E-BF1"))).get().satisfies(u -> assertThat(u.groups()).containsExactly("data-engineers"));
        assertThat(user(standard, userName("E-BF2"))).get().satisfies(u -> assertThat(u.groups()).containsExactly("data-analysts"));
        assertThat(user(standard, userName("E-BF3"))).isEmpty();
        assertThat(eventsOf("E-BF1", "UserProvisioned")).extracting(e -> e.get("workspaceName").asText()).containsExactly(standard.name());

        // the hand-made group was adopted (not duplicated) and given the blueprint's entitlements
        ObjectNode analysts = standard.identities().groupByName("data-analysts").orElseThrow();
        assertThat(analysts.get("id").asText()).isEqualTo(handMade);
        assertThat(entitlements(analysts)).containsExactly("databricks-sql-access", "workspace-access");
        assertThat(entitlements(standard.identities().groupByName("data-engineers").orElseThrow()))
                .containsExactly("allow-cluster-create", "databricks-sql-access", "workspace-access");
        // back-fill membership: one PATCH per group for everyone
        String engineers = standard.identities().groupByName("data-engineers").orElseThrow().get("id").asText();
        assertThat(calls(standard, e -> e.method().equals("PATCH") && e.path().equals(SCIM + "/Groups/" + engineers))).isEqualTo(1);
        assertThat(calls(standard, e -> e.status() == 429)).isZero();
    }

    @Test
    void servicePrincipalsAreCreatedWithTheirEntitlementsAndTheSameWorkspaceReadyAgainChangesNothing() {
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-sp-res"), confidential(), blueprint("restricted"));

        ObjectNode principal = restricted.identities().servicePrincipalByApplicationId("2b0c4c9e-8a63-4b7e-9a4e-5d1e0c7a9f01").orElseThrow();
        assertThat(principal.get("displayName").asText()).isEqualTo("restricted-etl");
        assertThat(entitlements(principal)).containsExactly("workspace-access");
        assertThat(entitlements(restricted.identities().groupByName("restricted-analysts").orElseThrow()))
                .containsExactly("databricks-sql-access", "workspace-access");
        JsonNode done = events(restricted.name(), "WorkspaceIdentityBootstrapped").get(0);
        assertThat(done.get("servicePrincipals").asInt()).isEqualTo(1);
        long calls = callCount(restricted);

        announce(restricted, blueprint("restricted")); // redelivered

        join("E-SP1", financeAnalyst(), T0); // a later event, to know the first was handled
        awaitActive(restricted, userName("E-SP1"), "restricted-analysts");
        assertThat(callCount(restricted) - calls).as("only the joiner's two calls").isEqualTo(2);
        assertThat(events(restricted.name(), "WorkspaceIdentityBootstrapped")).hasSize(1);
    }

    @Test
    void aWorkspaceThatRefusesTheBootstrapGivesIdentityBootstrapFailedWithStepAndCode() {
        EmulatedWorkspace workspace = deploy(unique("ws-bad"), internal());
        EmulatedWorkspace other = deploy(unique("ws-bad-other"), internal());
        // announced with another workspace's resource id: the workspace refuses the platform principal for good
        publisher.publish(dev.bricklayer.common.events.workspace.WorkspaceTopics.EVENTS, workspace.name(),
                new dev.bricklayer.common.events.workspace.WorkspaceReady(workspace.name(), "req", other.resourceId(), workspace.workspaceId(),
                        workspace.host(), dev.bricklayer.common.events.workspace.PricingTier.PREMIUM, blueprint("standard"), Instant.now())).block();

        JsonNode failed = awaitEvent(workspace.name(), "IdentityBootstrapFailed", 1).get(0);
        assertThat(failed.get("step").asText()).isEqualTo("groups");
        assertThat(failed.get("errorCode").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(failed.get("message").asText()).contains("does not match this workspace");
        assertThat(workspaceStore.find(workspace.name()).orElseThrow().status()).isEqualTo(WorkspaceRecord.Status.FAILED);
        assertThat(events(workspace.name(), "WorkspaceIdentityBootstrapped")).isEmpty();
    }

    @Test
    void aDecommissionedWorkspaceIsForgottenAndGetsNoMoreCalls() {
        EmulatedWorkspace gone = readyWorkspace(unique("ws-gone"), internal(), blueprint("standard"));
        EmulatedWorkspace staying = readyWorkspace(unique("ws-stay"), internal(), blueprint("standard"));
        join("E-DC1", seniorDataEngineer(), T0);
        awaitActive(gone, userName("E-DC1"), "data-engineers");
        awaitActive(staying, userName("E-DC1"), "data-engineers");

        publisher.publish(dev.bricklayer.common.events.workspace.WorkspaceTopics.EVENTS, gone.name(),
                new dev.bricklayer.common.events.workspace.WorkspaceDecommissioned(gone.name(), gone.resourceId(), Instant.now())).block();
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaceStore.find(gone.name()).isEmpty());
        long calls = callCount(gone);

        leave("E-DC1", T0.plusSeconds(60));

        awaitInactive(staying, userName("E-DC1"));
        assertThat(callCount(gone)).isEqualTo(calls);
        assertThat(access.accessOf("E-DC1")).extracting(a -> a.workspaceName()).containsExactly(staying.name());
    }

    @Test
    void changedTagsInTheRegistryHaveEveryoneReEvaluated() {
        EmulatedWorkspace workspace = readyWorkspace(unique("ws-tags"), java.util.Map.of("data-classification", "public"), blueprint("standard"));
        join("E-TG1", seniorDataEngineer(), T0);
        await().atMost(Duration.ofSeconds(20)).until(() -> people.find("E-TG1").isPresent());
        assertThat(user(workspace, userName("E-TG1"))).isEmpty();

        // workspace-service re-tags it: now internal
        publisher.publish(dev.bricklayer.common.events.workspace.WorkspaceTopics.STATE, workspace.name(),
                new dev.bricklayer.common.events.workspace.WorkspaceState(workspace.name(),
                        dev.bricklayer.common.events.workspace.WorkspaceState.Status.ONBOARDED, workspace.resourceId(), workspace.workspaceId(),
                        workspace.host(), "westeurope", "premium", internal(), "standard@1", Instant.now())).block();

        awaitActive(workspace, userName("E-TG1"), "data-engineers");
    }

    private static Set<String> entitlements(JsonNode resource) {
        Set<String> values = new TreeSet<>();
        resource.path("entitlements").forEach(e -> values.add(e.path("value").asText()));
        return values;
    }
}
