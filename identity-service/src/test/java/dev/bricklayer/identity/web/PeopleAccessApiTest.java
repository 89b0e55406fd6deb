package dev.bricklayer.identity.web;

import static dev.bricklayer.servicetest.EmulatedAzure.AUDITOR;
import static dev.bricklayer.servicetest.EmulatedAzure.PLATFORM_TEAM;
import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;
import dev.bricklayer.servicetest.EmulatedAzure;

/** The people access API behind Entra ID tokens with the People.Read role; its OpenAPI document. */
class PeopleAccessApiTest extends IdentityServiceTestBase {

    @Autowired
    WebTestClient web;

    @Test
    void aPersonsAccessAcrossWorkspacesIsServedToHoldersOfPeopleRead() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-api-std"), internal(), blueprint("standard"));
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-api-res"), confidential(), blueprint("restricted"));
        join("E-API1", financeAnalyst(), Instant.parse("2025-09-01T08:00:00Z"));
        String standardId = awaitActive(standard, userName("E-API1"), "data-analysts").id();
        awaitActive(restricted, userName("E-API1"), "restricted-analysts");
        awaitSettled("E-API1");

        web.get().uri("/api/v1/people/E-API1/access").header("Authorization", azure.bearer(AUDITOR, List.of("People.Read")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.employeeId").isEqualTo("E-API1")
                .jsonPath("$.userName").isEqualTo(userName("E-API1"))
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.workspaces.length()").isEqualTo(2)
                .jsonPath("$.workspaces[?(@.workspaceName == '" + standard.name() + "')].scimUserId").isEqualTo(standardId)
                .jsonPath("$.workspaces[?(@.workspaceName == '" + standard.name() + "')].active").isEqualTo(true)
                .jsonPath("$.workspaces[?(@.workspaceName == '" + standard.name() + "')].groups[0]").isEqualTo("data-analysts")
                .jsonPath("$.workspaces[?(@.workspaceName == '" + restricted.name() + "')].groups[0]").isEqualTo("restricted-analysts")
                .jsonPath("$.workspaces[?(@.workspaceName == '" + restricted.name() + "')].pending").isEqualTo(false);

        web.get().uri("/api/v1/people/E-NOBODY/access").header("Authorization", azure.bearer(AUDITOR, List.of("People.Read")))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void withoutATokenItIs401AndWithoutTheRoleItIs403() {
        web.get().uri("/api/v1/people/E-API1/access").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/people/E-API1/access").header("Authorization", azure.bearer(PLATFORM_TEAM, List.of("Workspace.Read")))
                .exchange().expectStatus().isForbidden();
        // a token for another audience (Azure Databricks) is refused
        web.get().uri("/api/v1/people/E-API1/access").header("Authorization", "Bearer " + azure.bean(TokenIssuer.class)
                .issue(EmulatedAzure.TENANT, AUDITOR, "oid", TokenIssuer.DATABRICKS_RESOURCE, List.of("People.Read")).value())
                .exchange().expectStatus().isUnauthorized();
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
                .value(doc -> assertThat(doc).contains("/api/v1/people/{employeeId}/access"));
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }
}
