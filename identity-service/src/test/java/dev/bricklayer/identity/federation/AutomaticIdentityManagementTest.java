package dev.bricklayer.identity.federation;

import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.AccountScopeTestBase;
import dev.bricklayer.servicetest.EmulatedAzure;

/**
 * Where the account syncs identities from Entra ID (automatic identity management), identity-service creates no account
 * user and changes no membership: it resolves the person by their Entra ID object id and the groups by theirs, and still
 * assigns the groups to the workspace. Its own JVM (Maven execution {@code automatic-identity-management}): the setting
 * is the application's.
 */
@Tag("automatic-identity-management")
class AutomaticIdentityManagementTest extends AccountScopeTestBase {

    private static final String ANALYSTS_OBJECT_ID = "0d1e2f30-0000-4000-8000-00000000a001";
    private static final String PERSON_OBJECT_ID = "0d1e2f30-0000-4000-8000-00000000b001";
    private static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    @DynamicPropertySource
    static void automaticIdentityManagement(DynamicPropertyRegistry registry) {
        registry.add("bricklayer.identity.account.automatic-identity-management", () -> "true");
        registry.add("bricklayer.identity.account.entra-group-ids.data-analysts", () -> ANALYSTS_OBJECT_ID);
    }

    @Test
    void peopleAndGroupsAreResolvedByEntraObjectIdAndNoUserNorMembershipIsMade() {
        String userName = userName("E-AIM1");
        // what Entra ID's sync made: the person, the groups, the membership
        assertThat(azure.admin("PUT", "/admin/accounts/" + EmulatedAzure.ACCOUNT + "/automatic-identity-management", map("enabled", true))
                .status()).isLessThan(300);
        admin("/admin/directory/people", map("userPrincipalName", userName, "displayName", "Aim Person", "objectId", PERSON_OBJECT_ID));
        admin("/admin/directory/groups", map("displayName", "data-analysts", "objectId", ANALYSTS_OBJECT_ID, "members", List.of(PERSON_OBJECT_ID)));
        admin("/admin/accounts/" + EmulatedAzure.ACCOUNT + "/users", map("userName", userName));
        admin("/admin/accounts/" + EmulatedAzure.ACCOUNT + "/groups", map("displayName", "data-analysts", "members", List.of(userName)));
        admin("/admin/accounts/" + EmulatedAzure.ACCOUNT + "/groups", map("displayName", "data-engineers"));
        long beforeReady = azure.mark();

        EmulatedWorkspace standard = readyAccountWorkspace(unique("ws-aim"), internal(), accountScoped("standard"));

        assertThat(assignments(standard)).containsEntry("data-analysts", "USER").containsEntry("data-engineers", "ADMIN");
        List<String> bootstrap = accountCallsSince(beforeReady);
        assertThat(bootstrap).contains("POST /api/2.0/identity/accounts/" + EmulatedAzure.ACCOUNT + "/groups/resolve-by-external-id 200")
                .noneMatch(call -> call.startsWith("POST " + ACCOUNT_SCIM + "/Groups"));
        awaitIdle();
        long since = azure.mark();

        publisher.publish(HrTopics.PEOPLE, "E-AIM1", new UserJoined("E-AIM1", userName, "Aim Person", "Aim", "Person", financeAnalyst(),
                LocalDate.of(2025, 5, 1), T0, PERSON_OBJECT_ID)).block();

        String userId = accountUser(userName).orElseThrow().get("id").asText();
        assertThat(awaitActive(standard, userName, "data-analysts").id()).isEqualTo(userId);
        awaitSettled("E-AIM1");
        awaitIdle();
        assertThat(accountCallsSince(since)).containsExactly("POST /api/2.0/identity/accounts/" + EmulatedAzure.ACCOUNT
                + "/users/resolve-by-external-id 200");
        assertThat(eventsOf("E-AIM1", "UserProvisioned")).singleElement().satisfies(e -> assertThat(e.get("scimUserId").asText()).isEqualTo(userId));
        long joined = azure.mark();

        // a leaver is Entra ID's to deactivate: no account call, the workspace's access recorded as gone
        publisher.publish(HrTopics.PEOPLE, "E-AIM1", new UserLeft("E-AIM1", userName, LocalDate.of(2025, 9, 30), T0.plusSeconds(3600),
                PERSON_OBJECT_ID)).block();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventsOf("E-AIM1", "UserDeprovisioned")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asText()).isEqualTo("left")));
        awaitIdle();
        assertThat(accountCallsSince(joined)).isEmpty();
        assertThat(people.find("E-AIM1").orElseThrow().entraObjectId()).isEqualTo(PERSON_OBJECT_ID);
    }
}
