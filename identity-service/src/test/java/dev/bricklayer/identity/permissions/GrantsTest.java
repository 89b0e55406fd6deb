package dev.bricklayer.identity.permissions;

import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.security.ClusterPolicyApplied;
import dev.bricklayer.common.events.security.ClusterProvisioned;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.Grant;
import dev.bricklayer.common.events.workspace.PermissionLevel;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.PrincipalKind;
import dev.bricklayer.emulator.workspace.AclStore;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.ObjectRegistry;
import dev.bricklayer.identity.IdentityServiceTestBase;

/** Permissions API grants on objects security-service announces and on workspace-wide objects. */
class GrantsTest extends IdentityServiceTestBase {

    @Test
    void grantsOnAPolicyAndAClusterAnnouncedBeforeTheWorkspaceIsReadyAreAppliedOnceItsGroupsExist() {
        EmulatedWorkspace standard = deploy(unique("ws-gr-std"), internal());
        objects(standard).register("cluster-policies", "E0A1B2C3D4E5F601");
        objects(standard).register("clusters", "0301-101010-abcd1234");
        acls(standard).merge("/clusters/0301-101010-abcd1234", Map.of(AclStore.groupKey("users"), "CAN_RESTART")); // made by hand
        // security-service was faster than workspace-service's WorkspaceReady reached identity-service
        publisher.publish(SecurityTopics.EVENTS, standard.name(), new ClusterPolicyApplied(standard.name(), "E0A1B2C3D4E5F601", "team-shared",
                Instant.now())).block();
        publisher.publish(SecurityTopics.EVENTS, standard.name(), new ClusterProvisioned(standard.name(), "0301-101010-abcd1234",
                "team-shared-cluster", "E0A1B2C3D4E5F601", Instant.now())).block();

        announce(standard, blueprint("standard"));

        List<JsonNode> granted = awaitEvent(standard.name(), "AccessGranted", 2);
        assertThat(granted).extracting(g -> g.get("objectType").asText() + " " + g.get("objectId").asText() + " " + g.get("principalName").asText()
                + " " + g.get("permissionLevel").asText()).containsExactlyInAnyOrder(
                "cluster-policies E0A1B2C3D4E5F601 data-engineers CAN_USE",
                "clusters 0301-101010-abcd1234 data-analysts CAN_ATTACH_TO");
        assertThat(acls(standard).direct("/cluster-policies/E0A1B2C3D4E5F601")).containsEntry(AclStore.groupKey("data-engineers"), "CAN_USE");
        // not authoritative: added with PATCH, the hand-made entry stays
        assertThat(acls(standard).direct("/clusters/0301-101010-abcd1234")).containsEntry(AclStore.groupKey("data-analysts"), "CAN_ATTACH_TO")
                .containsEntry(AclStore.groupKey("users"), "CAN_RESTART");
        assertThat(calls(standard, e -> e.path().startsWith("/api/2.0/permissions/") && e.method().equals("PATCH"))).isEqualTo(2);
        assertThat(calls(standard, e -> e.path().startsWith("/api/2.0/permissions/") && e.status() >= 400)).isZero();
        assertThat(events(standard.name(), "WorkspaceIdentityBootstrapped").get(0).get("grants").asInt()).isEqualTo(2);

        // the same announcement again: nothing to do
        long calls = callCount(standard);
        publisher.publish(SecurityTopics.EVENTS, standard.name(), new ClusterPolicyApplied(standard.name(), "E0A1B2C3D4E5F601", "team-shared",
                Instant.now())).block();
        join("E-GR0", seniorDataEngineer(), Instant.parse("2025-05-01T08:00:00Z"));
        awaitActive(standard, userName("E-GR0"), "data-engineers");
        assertThat(calls(standard, e -> e.path().startsWith("/api/2.0/permissions/"))).isEqualTo(2);
        assertThat(callCount(standard) - calls).isEqualTo(2);
    }

    @Test
    void anAuthoritativeGrantReplacesTheWholeAclWithPut() {
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-gr-res"), confidential(), blueprint("restricted"));
        objects(restricted).register("cluster-policies", "F0F1F2F3F4F5F6F7");
        acls(restricted).merge("/cluster-policies/F0F1F2F3F4F5F6F7", Map.of(AclStore.groupKey("users"), "CAN_USE")); // made by hand

        publisher.publish(SecurityTopics.EVENTS, restricted.name(), new ClusterPolicyApplied(restricted.name(), "F0F1F2F3F4F5F6F7",
                "restricted-jobs", Instant.now())).block();

        awaitEvent(restricted.name(), "AccessGranted", 1);
        assertThat(acls(restricted).direct("/cluster-policies/F0F1F2F3F4F5F6F7"))
                .containsExactly(Map.entry(AclStore.servicePrincipalKey("2b0c4c9e-8a63-4b7e-9a4e-5d1e0c7a9f01"), "CAN_USE"));
        assertThat(calls(restricted, e -> e.method().equals("PUT") && e.path().equals("/api/2.0/permissions/cluster-policies/F0F1F2F3F4F5F6F7")
                && e.status() == 200)).isEqualTo(1);
    }

    @Test
    void workspaceWideGrantsAreSetAtBootstrapAndTokenPermissionsAreLeftToTokenService() {
        DesiredState standard = blueprint("standard");
        List<Grant> grants = new ArrayList<>(standard.grants());
        grants.add(new Grant(PermissionObjectType.PASSWORDS, "passwords", PrincipalKind.GROUP, "data-engineers", PermissionLevel.CAN_USE, false));
        grants.add(new Grant(PermissionObjectType.TOKENS, "tokens", PrincipalKind.GROUP, "data-engineers", PermissionLevel.CAN_USE, false));
        EmulatedWorkspace workspace = readyWorkspace(unique("ws-gr-wide"), internal(), with(standard, grants));

        assertThat(events(workspace.name(), "AccessGranted")).singleElement()
                .satisfies(g -> assertThat(g.get("objectType").asText()).isEqualTo("authorization/passwords"));
        assertThat(acls(workspace).direct("/authorization/passwords")).containsEntry(AclStore.groupKey("data-engineers"), "CAN_USE");
        assertThat(calls(workspace, e -> e.path().startsWith("/api/2.0/permissions/authorization/tokens"))).isZero();
        assertThat(events(workspace.name(), "WorkspaceIdentityBootstrapped").get(0).get("grants").asInt()).isEqualTo(1);
    }

    @Test
    void aGrantToAUserNotYetProvisionedIsRetriedUntilTheUserExists() {
        DesiredState standard = blueprint("standard");
        List<Grant> grants = new ArrayList<>(standard.grants());
        grants.add(new Grant(PermissionObjectType.CLUSTERS, "team-shared-cluster", PrincipalKind.USER, userName("E-GR9"),
                PermissionLevel.CAN_RESTART, false));
        EmulatedWorkspace workspace = readyWorkspace(unique("ws-gr-user"), internal(), with(standard, grants));
        objects(workspace).register("clusters", "0301-999999-zzzz9999");

        publisher.publish(SecurityTopics.EVENTS, workspace.name(), new ClusterProvisioned(workspace.name(), "0301-999999-zzzz9999",
                "team-shared-cluster", "P1", Instant.now())).block();
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(workspace, e -> e.path().startsWith("/api/2.0/permissions/clusters/")
                && e.status() == 400) >= 1);
        assertThat(events(workspace.name(), "AccessGranted")).isEmpty();

        join("E-GR9", seniorDataEngineer(), Instant.parse("2025-05-01T08:00:00Z"));

        awaitEvent(workspace.name(), "AccessGranted", 2);
        assertThat(acls(workspace).direct("/clusters/0301-999999-zzzz9999")).containsEntry(AclStore.userKey(userName("E-GR9")), "CAN_RESTART")
                .containsEntry(AclStore.groupKey("data-analysts"), "CAN_ATTACH_TO");
    }

    private static DesiredState with(DesiredState state, List<Grant> grants) {
        return new DesiredState(state.ipAccessLists(), state.clusterPolicies(), state.clusters(), state.groups(), state.servicePrincipals(),
                grants, state.tokenPolicy(), state.driftMode(), state.ipAccessListsAuthoritative());
    }

    private static ObjectRegistry objects(EmulatedWorkspace workspace) {
        return workspace.store(ObjectRegistry.class, ObjectRegistry::new);
    }

    private static AclStore acls(EmulatedWorkspace workspace) {
        return workspace.store(AclStore.class, AclStore::new);
    }
}
