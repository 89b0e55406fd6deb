package dev.bricklayer.workspace.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.workspace.Requests;

/**
 * A deployment that outlasts the AAD token: the emulator issues 42-second tokens, the provider refreshes 40 s
 * before expiry, so during a 9-second deployment the ARM token is fetched again and again — and no ARM call
 * is ever refused.
 */
class TokenRefreshDuringDeploymentTest {

    @Test
    void armTokensAreRefreshedDuringALongDeploymentAndNoCallIsRefused() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS);
        try (EmulatedAzure azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofSeconds(9))
                .property("emulator.token-lifetime", "42s"))) {
            WorkspaceProvisioner provisioner = new WorkspaceProvisioner(new ArmDeploymentClient(azure.apiClients("workspace-service", Map.of())),
                    Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(60));
            WorkspaceRequested request = Requests.valid("ws-token-refresh");

            WorkspaceProvisioner.Outcome outcome = provisioner.provision(request, WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper()), null, url -> { })
                    .block(Duration.ofSeconds(60));

            Journal journal = azure.bean(Journal.class);
            List<JournalEntry> tokenRequests = journal.find(e -> e.path().endsWith("/oauth2/v2.0/token"));
            List<JournalEntry> armCalls = journal.find(e -> "arm".equals(e.surface()));
            assertThat(outcome).isInstanceOf(WorkspaceProvisioner.Ready.class);
            assertThat(tokenRequests.size()).as("token requests during a 9 s deployment with 2 s of usable token life").isGreaterThanOrEqualTo(3);
            assertThat(armCalls).isNotEmpty().allSatisfy(call -> assertThat(call.status()).isLessThan(300));
        }
    }
}
