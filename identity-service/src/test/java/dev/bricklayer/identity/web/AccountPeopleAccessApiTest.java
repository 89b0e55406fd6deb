package dev.bricklayer.identity.web;

import static dev.bricklayer.servicetest.EmulatedAzure.AUDITOR;
import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.AccountScopeTestBase;

/** A person's access in the account scope as the people access API serves it: account user, groups, workspaces reached, data access. */
class AccountPeopleAccessApiTest extends AccountScopeTestBase {

    @Autowired
    WebTestClient web;

    @Test
    void theAccountUserItsGroupsTheWorkspacesItReachesAndTheDataItHoldsAreServed() {
        EmulatedWorkspace standard = readyAccountWorkspace(unique("ws-api-acc"), internal(), accountScoped("standard", catalog("analytics", "reports")));
        provisionCatalog(standard, "analytics", "reports");
        join("E-APA1", financeAnalyst(), Instant.parse("2025-09-01T08:00:00Z"));
        String userId = awaitActive(standard, userName("E-APA1"), "data-analysts").id();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(grants(standard, "schema", "analytics.reports"))
                .containsEntry("data-analysts", Set.of("SELECT", "USE_SCHEMA")));
        awaitSettled("E-APA1");
        awaitIdle();

        web.get().uri("/api/v1/people/E-APA1/access").header("Authorization", azure.bearer(AUDITOR, List.of("People.Read")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.account.userId").isEqualTo(userId)
                .jsonPath("$.account.active").isEqualTo(true)
                .jsonPath("$.account.groups[0]").isEqualTo("data-analysts")
                .jsonPath("$.account.pending").isEqualTo(false)
                .jsonPath("$.workspaces.length()").isEqualTo(1)
                .jsonPath("$.workspaces[0].workspaceName").isEqualTo(standard.name())
                .jsonPath("$.workspaces[0].scope").isEqualTo("account")
                .jsonPath("$.workspaces[0].scimUserId").isEqualTo(userId)
                .jsonPath("$.dataAccess[?(@.fullName == 'analytics')].privileges[0]").isEqualTo("USE_CATALOG")
                .jsonPath("$.dataAccess[?(@.fullName == 'analytics')].groups[0]").isEqualTo("data-analysts")
                .jsonPath("$.dataAccess[?(@.fullName == 'analytics.reports')].securableType").isEqualTo("schema")
                .jsonPath("$.dataAccess[?(@.fullName == 'analytics.reports')].privileges.length()").isEqualTo(2)
                .jsonPath("$.dataAccess[?(@.fullName == 'analytics')].workspaces[0]").isEqualTo(standard.name());
    }
}
