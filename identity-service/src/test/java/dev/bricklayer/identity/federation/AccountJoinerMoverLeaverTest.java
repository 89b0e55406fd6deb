package dev.bricklayer.identity.federation;

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

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.AccountScopeTestBase;
import dev.bricklayer.servicetest.EmulatedAzure;

/**
 * Joiners, movers, leavers and adoption in the account scope, against identity-federated emulated workspaces, through
 * Kafka, as the service runs: one account user per person and one membership PATCH per group however many workspaces.
 */
class AccountJoinerMoverLeaverTest extends AccountScopeTestBase {

    private static final Instant T0 = Instant.parse("2025-04-01T08:00:00Z");

    private static HrAttributes dataEngineer() {
        return attributes("Data Platform", "CC-1000", "Data Engineer", EmploymentType.EMPLOYEE);
    }

    @Test
    void aJoinerIsOneAccountUserAndOneMembershipPatchPerGroupHoweverManyWorkspaces() {
        List<EmulatedWorkspace> workspaces = List.of(
                readyAccountWorkspace(unique("ws-ac-jn"), internal(), accountScoped("standard")),
                readyAccountWorkspace(unique("ws-ac-jn"), internal(), accountScoped("standard")),
                readyAccountWorkspace(unique("ws-ac-jn"), internal(), accountScoped("standard")));
        awaitIdle();
        long since = azure.mark();

        join("E-AJ1", financeAnalyst(), T0);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventsOf("E-AJ1", "UserProvisioned"))
                .extracting(e -> e.get("workspaceName").asText()).containsExactlyInAnyOrderElementsOf(workspaces.stream().map(EmulatedWorkspace::name).toList()));
        ObjectNode user = accountUser(userName("E-AJ1")).orElseThrow();
        String userId = user.get("id").asText();
        assertThat(accountGroupsOf(userId)).containsExactly("data-analysts");
        // one user create and one membership PATCH of its one group in the account, whatever the number of workspaces
        assertThat(accountCallsSince(since)).containsExactly("POST " + ACCOUNT_SCIM + "/Users 201",
                "PATCH " + ACCOUNT_SCIM + "/Groups/" + accountGroupId("data-analysts") + " 200");
        assertThat(workspaceCallsSince(since, workspaces.toArray(EmulatedWorkspace[]::new))).as("no workspace call: the rules give no user entitlement")
                .isEmpty();
        for (EmulatedWorkspace workspace : workspaces) {
            // the account user reaches every workspace through its group, under its account id
            ScimUser here = awaitActive(workspace, userName("E-AJ1"), "data-analysts");
            assertThat(here.id()).isEqualTo(userId);
        }
        assertThat(eventsOf("E-AJ1", "UserProvisioned")).allSatisfy(event -> {
            assertThat(event.get("scimUserId").asText()).isEqualTo(userId);
            assertThat(event.get("groups").get(0).asText()).isEqualTo("data-analysts");
        });
        assertThat(accountIdentities().users().values().stream().filter(u -> u.path("userName").asText().equals(userName("E-AJ1")))).hasSize(1);
    }

    @Test
    void groupsAreMadeOnceAndAssignedToEachWorkspaceWithThePermissionOfTheRulesAndTheBlueprintsEntitlements() {
        long since = azure.mark();
        EmulatedWorkspace first = readyAccountWorkspace(unique("ws-ac-as"), internal(), accountScoped("standard"));
        EmulatedWorkspace second = readyAccountWorkspace(unique("ws-ac-as"), internal(), accountScoped("standard"));

        for (EmulatedWorkspace workspace : List.of(first, second)) {
            assertThat(assignments(workspace)).containsEntry("data-engineers", "ADMIN").containsEntry("data-analysts", "USER");
            assertThat(awaitEvent(workspace.name(), "GroupAssigned", 2)).extracting(e -> e.get("groupName").asText() + " " + e.get("permission").asText())
                    .containsExactlyInAnyOrder("data-engineers ADMIN", "data-analysts USER");
            // the blueprint's entitlements on the account group, in the workspace
            JsonNode engineers = workspace.identities().groupByName("data-engineers").orElseThrow();
            assertThat(engineers.path("meta").path("resourceType").asText()).isEqualTo("Group");
            assertThat(engineers.path("entitlements").findValuesAsText("value"))
                    .containsExactlyInAnyOrder("workspace-access", "allow-cluster-create", "databricks-sql-access");
        }
        List<String> calls = accountCallsSince(since);
        assertThat(calls.stream().filter(c -> c.startsWith("POST " + ACCOUNT_SCIM + "/Groups"))).as("account groups made at most once").hasSizeLessThanOrEqualTo(2);
        assertThat(calls.stream().filter(c -> c.startsWith("PUT ") && c.contains("/permissionassignments/principals/"))).hasSize(4);
        assertThat(workspaceCallsSince(since, first, second).stream().filter(e -> e.path().startsWith(SCIM + "/Groups")))
                .as("one entitlements PATCH per group and workspace, no workspace-local group").hasSize(4)
                .allSatisfy(e -> assertThat(e.method()).isEqualTo("PATCH"));
    }

    @Test
    void aMoverChangesOnlyAccountMembershipsAndTheDataAccessFollows() {
        EmulatedWorkspace standard = readyAccountWorkspace(unique("ws-ac-mv"), internal(), accountScoped("standard", catalog("analytics", "reports")));
        EmulatedWorkspace other = readyAccountWorkspace(unique("ws-ac-mv"), internal(), accountScoped("standard", catalog("analytics", "reports")));
        provisionCatalog(standard, "analytics", "reports");
        provisionCatalog(other, "analytics", "reports");
        join("E-AM1", dataEngineer(), T0);
        String userId = awaitActive(standard, userName("E-AM1"), "data-engineers").id();
        awaitActive(other, userName("E-AM1"), "data-engineers");
        awaitSettled("E-AM1");
        awaitIdle();
        long since = azure.mark();

        move("E-AM1", dataEngineer(), financeAnalyst(), T0.plusSeconds(60));

        awaitActive(standard, userName("E-AM1"), "data-analysts");
        awaitActive(other, userName("E-AM1"), "data-analysts");
        awaitSettled("E-AM1");
        awaitIdle();
        assertThat(accountGroupsOf(userId)).containsExactly("data-analysts");
        assertThat(accountCallsSince(since)).as("memberships only: no user call").containsExactlyInAnyOrder(
                "PATCH " + ACCOUNT_SCIM + "/Groups/" + accountGroupId("data-engineers") + " 200",
                "PATCH " + ACCOUNT_SCIM + "/Groups/" + accountGroupId("data-analysts") + " 200");
        assertThat(workspaceCallsSince(since, standard, other)).isEmpty();
        // data access follows the groups: the analysts' grants, not the engineers'
        assertThat(grants(standard, "catalog", "analytics")).containsEntry("data-analysts", java.util.Set.of("USE_CATALOG"))
                .containsEntry("data-engineers", java.util.Set.of("MODIFY", "SELECT", "USE_CATALOG", "USE_SCHEMA"));
        assertThat(access.accessOf("E-AM1")).hasSize(2).allSatisfy(row -> {
            assertThat(row.scimUserId()).isEqualTo(userId);
            assertThat(row.groups()).containsExactly("data-analysts");
        });
    }

    @Test
    void aLeaverIsDeactivatedOnceInTheAccountAndTakenOutOfItsGroups() {
        EmulatedWorkspace first = readyAccountWorkspace(unique("ws-ac-lv"), internal(), accountScoped("standard"));
        EmulatedWorkspace second = readyAccountWorkspace(unique("ws-ac-lv"), internal(), accountScoped("standard"));
        EmulatedWorkspace third = readyAccountWorkspace(unique("ws-ac-lv"), internal(), accountScoped("standard"));
        join("E-AL1", financeAnalyst(), T0);
        String userId = awaitActive(first, userName("E-AL1"), "data-analysts").id();
        awaitSettled("E-AL1");
        awaitIdle();
        long since = azure.mark();

        leave("E-AL1", T0.plusSeconds(3600));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(accountUser(userName("E-AL1")).orElseThrow().path("active").asBoolean()).isFalse();
            assertThat(accountGroupsOf(userId)).isEmpty();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventsOf("E-AL1", "UserDeprovisioned")).hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.get("reason").asText()).isEqualTo("left");
                    assertThat(e.get("removedGroups").get(0).asText()).isEqualTo("data-analysts");
                }));
        awaitIdle();
        assertThat(accountCallsSince(since)).containsExactlyInAnyOrder("PATCH " + ACCOUNT_SCIM + "/Users/" + userId + " 200",
                "PATCH " + ACCOUNT_SCIM + "/Groups/" + accountGroupId("data-analysts") + " 200");
        assertThat(workspaceCallsSince(since, first, second, third)).isEmpty();
        for (EmulatedWorkspace workspace : List.of(first, second, third)) {
            assertThat(user(workspace, userName("E-AL1"))).as("no longer reaches " + workspace.name()).isEmpty();
        }
    }

    @Test
    void anAccountUserThatExistsAlreadyIsAdoptedNeverDuplicated() {
        EmulatedWorkspace standard = readyAccountWorkspace(unique("ws-ac-ad"), internal(), accountScoped("standard"));
        assertThat(admin("/admin/accounts/" + EmulatedAzure.ACCOUNT + "/users", map("userName", userName("E-AA1"),
                "displayName", "Made by Entra ID's sync"))).isEqualTo(201);
        String existing = accountUser(userName("E-AA1")).orElseThrow().get("id").asText();
        awaitIdle();
        long since = azure.mark();

        join("E-AA1", financeAnalyst(), T0);

        assertThat(awaitActive(standard, userName("E-AA1"), "data-analysts").id()).isEqualTo(existing);
        awaitSettled("E-AA1");
        awaitIdle();
        List<String> calls = accountCallsSince(since);
        assertThat(calls).contains("POST " + ACCOUNT_SCIM + "/Users 409", "GET " + ACCOUNT_SCIM + "/Users 200")
                .doesNotContain("POST " + ACCOUNT_SCIM + "/Users 201");
        assertThat(accountIdentities().users().values().stream().filter(u -> u.path("userName").asText().equals(userName("E-AA1")))).hasSize(1);
        assertThat(accountGroupsOf(existing)).containsExactly("data-analysts");
        assertThat(jdbc.queryForObject("select adopted from account_users where employee_id = 'E-AA1'", Boolean.class)).isTrue();
    }

    @Test
    void entitlementsTheRulesGiveTheUserAreSetOnTheAccountUserInEachWorkspaceItReaches() {
        EmulatedWorkspace first = readyAccountWorkspace(unique("ws-ac-en"), internal(), accountScoped("standard"));
        EmulatedWorkspace second = readyAccountWorkspace(unique("ws-ac-en"), internal(), accountScoped("standard"));
        awaitIdle();
        long since = azure.mark();

        join("E-AE1", seniorDataEngineer(), T0); // a senior engineer: the rules give the user allow-instance-pool-create of its own

        for (EmulatedWorkspace workspace : List.of(first, second)) {
            awaitActive(workspace, userName("E-AE1"), "data-engineers");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(user(workspace, userName("E-AE1")).orElseThrow().entitlements())
                    .containsExactly("allow-instance-pool-create"));
        }
        awaitSettled("E-AE1");
        awaitIdle();
        String userId = accountUser(userName("E-AE1")).orElseThrow().get("id").asText();
        assertThat(accountCallsSince(since)).containsExactly("POST " + ACCOUNT_SCIM + "/Users 201",
                "PATCH " + ACCOUNT_SCIM + "/Groups/" + accountGroupId("data-engineers") + " 200");
        assertThat(workspaceCallsSince(since, first, second)).extracting(e -> e.workspace().toLowerCase() + " " + e.method() + " " + e.path())
                .containsExactlyInAnyOrder(first.name().toLowerCase() + " PATCH " + SCIM + "/Users/" + userId,
                        second.name().toLowerCase() + " PATCH " + SCIM + "/Users/" + userId);
    }

    @Test
    void aLeaverNeverProvisionedWhoseAccountUserReachesAWorkspaceIsDeactivatedInTheAccount() {
        EmulatedWorkspace standard = readyAccountWorkspace(unique("ws-ac-ul"), internal(), accountScoped("standard"));
        String userName = userName("E-AU1");
        admin("/admin/accounts/" + EmulatedAzure.ACCOUNT + "/users", map("userName", userName));
        String team = unique("hand-made-team");
        admin("/admin/accounts/" + EmulatedAzure.ACCOUNT + "/groups", map("displayName", team, "members", List.of(userName)));
        assign(standard, accountGroupId(team), "USER");
        assertThat(user(standard, userName)).isPresent();

        leave("E-AU1", T0);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(accountUser(userName).orElseThrow().path("active").asBoolean()).isFalse());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("E-AU1", "UserDeprovisioned")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asText()).isEqualTo("left")));
    }

    @Test
    void aPersonTheRulesGiveNothingHasNoAccountUser() {
        readyAccountWorkspace(unique("ws-ac-no"), internal(), accountScoped("standard"));
        awaitIdle();
        long since = azure.mark();

        join("E-AN1", facilityManager(), T0);
        join("E-AN2", financeAnalyst(), T0); // one partition: once this one is done, so is the one before
        await().atMost(Duration.ofSeconds(30)).until(() -> accountUser(userName("E-AN2")).isPresent());
        awaitIdle();

        assertThat(accountUser(userName("E-AN1"))).isEmpty();
        assertThat(accountCallsSince(since).stream().filter(call -> call.startsWith("POST " + ACCOUNT_SCIM + "/Users"))).hasSize(1);
        assertThat(access.accessOf("E-AN1")).isEmpty();
    }
}
