package dev.bricklayer.token.leaver;

import static dev.bricklayer.token.TestWorkspaces.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.HrPeople;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;
import dev.bricklayer.token.TestWorkspaces;
import dev.bricklayer.token.TestWorkspaces.AccountUser;
import dev.bricklayer.token.TestWorkspaces.Seeded;
import dev.bricklayer.token.TokenEvents;

/**
 * A leaver of the account scope: in identity-federated workspaces (a Unity Catalog metastore assigned; here every
 * workspace, as Azure does since November 2023) the person is an account user reaching them through an account group,
 * under its account id. Their tokens are listed by {@code created_by_username} like any other and revoked in every
 * workspace — also once identity-service has deactivated them in the account and they no longer reach the workspaces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after the class: a cached instance would stay in consumer group token-service
@DirtiesContext
class FederatedLeaverTest {

    private static EmulatedAzure azure;
    private static TestWorkspaces workspaces;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(WorkspaceTopics.EVENTS, HrTopics.PEOPLE, TokenTopics.EVENTS, AuditTopics.API_CALLS);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)).metastore("westeurope"));
        workspaces = new TestWorkspaces(azure);
        ServiceTestProperties.register(registry, azure, EmbeddedPostgres.newDatabase("token_federated"));
        registry.add("bricklayer.http.retry.initial-backoff", () -> "100ms");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    @Autowired
    EventPublisher publisher;

    @Test
    void aLeaversTokensAreRevokedInEveryFederatedWorkspaceTheAccountUserReached() {
        ReadyWorkspace first = azure.deployWorkspace("ws-fed-a");
        ReadyWorkspace second = azure.deployWorkspace("ws-fed-b");
        for (ReadyWorkspace workspace : List.of(first, second)) {
            publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, null)).block(Duration.ofSeconds(10));
        }
        TokenEvents.awaitConsumed("token-service", WorkspaceTopics.EVENTS, Duration.ofSeconds(30));
        AccountUser ivy = workspaces.accountUserReaching("ivy@contoso.com", "fed-analysts", first, second);
        Seeded inFirst = workspaces.seedToken(first.name(), ivy.userName(), Duration.ofDays(10), Duration.ZERO);
        Seeded inSecond = workspaces.seedToken(second.name(), ivy.userName(), null, Duration.ZERO);
        Seeded someoneElse = workspaces.seedToken(second.name(), workspaces.seedUser(second.name(), "jack@contoso.com", true)
                .get("userName").asText(), Duration.ofDays(10), Duration.ZERO);
        // in a federated workspace the account user's tokens are the account id's
        assertThat(workspaces.workspace(first.name()).tokens().get(inFirst.id()).orElseThrow().createdById()).isEqualTo(ivy.id());
        // identity-service has deactivated the leaver once in the account: the user no longer reaches the workspaces
        workspaces.leaveAccount(ivy);
        assertThat(workspaces.workspace(first.name()).identities().userByName(ivy.userName())).isEmpty();

        publisher.publish(HrTopics.PEOPLE, "E-FED1", HrPeople.left("E-FED1", ivy.userName(), Instant.now()))
                .block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(TokenEvents.tokenIds(TokenEvents.of(first.name(), "TokenRevoked"))).containsExactly(inFirst.id());
            assertThat(TokenEvents.tokenIds(TokenEvents.of(second.name(), "TokenRevoked"))).containsExactly(inSecond.id());
        });
        assertThat(workspaces.tokenIds(first.name())).isEmpty();
        assertThat(workspaces.tokenIds(second.name())).containsExactly(someoneElse.id());
        assertThat(azure.bean(Journal.class).find(e -> e.method().equals("GET") && e.path().equals("/api/2.0/token-management/tokens")
                && e.query() != null && e.query().contains("created_by_username"))).hasSize(2);
    }
}
