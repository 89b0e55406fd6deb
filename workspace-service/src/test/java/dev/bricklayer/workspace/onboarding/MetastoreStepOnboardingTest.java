package dev.bricklayer.workspace.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.arm.ArmDeploymentClient;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;
import dev.bricklayer.workspace.metastore.AccountMetastoresClient;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;

/**
 * The saga's metastore step between the deployment and {@code WorkspaceReady}, over real parts: the emulator's ARM and
 * account host (a metastore in westeurope, assigned by "Azure" to new workspaces there), PostgreSQL, Kafka.
 */
class MetastoreStepOnboardingTest {

    private static EmulatedAzure azure;
    private static WorkspaceStore store;
    private static WorkspaceOnboarding onboarding;
    private static String metastoreId;

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS, WorkspaceTopics.EVENTS);
        EmbeddedKafka.createCompactedTopic(WorkspaceTopics.STATE);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(1000)).metastore("westeurope"));
        DataSource database = SagaParts.database("workspace_metastore");
        store = new WorkspaceStore(new JdbcTemplate(database));
        var clients = azure.apiClients("workspace-service", Map.of());
        AccountMetastoresClient metastores = new AccountMetastoresClient(clients);
        metastoreId = metastores.list("setup").block(Duration.ofSeconds(10)).get(0).metastoreId();
        onboarding = SagaParts.onboarding(new WorkspaceRequestValidator(BlueprintCatalog.load(Requests.ucBlueprints(), azure.mapper())),
                new WorkspaceProvisioner(new ArmDeploymentClient(clients), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new MetastoreAssignment(metastores), store, SagaParts.publisher(azure.mapper()), azure.mapper(),
                SagaParts.leases(database, "workspace-service-test"));
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static List<JsonNode> events(String key, String type) {
        return SagaParts.events(azure.mapper(), WorkspaceTopics.EVENTS, key, type);
    }

    private static WorkspaceRecord awaitStatus(String workspace, String status) {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(store.find(workspace)).map(WorkspaceRecord::status).contains(status));
        return store.find(workspace).orElseThrow();
    }

    private static List<String> accountCallsFor(String workspaceId) {
        return azure.bean(Journal.class).find(e -> "account".equals(e.surface()) && e.path().contains("/workspaces/" + workspaceId + "/"))
                .stream().map(e -> e.method() + " " + e.path().substring(e.path().indexOf("/workspaces/")) + " " + e.status()).toList();
    }

    @Test
    void anAccountScopeWorkspaceAzureGaveItsMetastoreIsReadyWithItAfterOneRead() {
        onboarding.request(Requests.of("ws-step-azure", "federated", "westeurope", Requests.network()));

        WorkspaceRecord record = awaitStatus("ws-step-azure", "READY");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("ws-step-azure", "WorkspaceReady")).hasSize(1));
        assertThat(events("ws-step-azure", "WorkspaceReady").get(0).get("metastoreId").asText()).isEqualTo(metastoreId);
        assertThat(record.metastore()).isEqualTo("DONE");
        assertThat(record.metastoreId()).isEqualTo(metastoreId);
        assertThat(record.metastoreAt()).isNotNull();
        assertThat(accountCallsFor(record.workspaceId())).containsExactly("GET /workspaces/" + record.workspaceId() + "/metastore 200");
    }

    @Test
    void aRegionWithoutAMetastoreFailsTheWorkspaceAtTheMetastoreStepWithItsReason() {
        onboarding.request(Requests.of("ws-step-none", "lakehouse", "northeurope", Requests.network()));

        WorkspaceRecord record = awaitStatus("ws-step-none", "FAILED");

        assertThat(record.workspaceId()).isNotNull();
        assertThat(record.metastore()).isEqualTo("FAILED: NoMetastoreInRegion");
        assertThat(record.errorCode()).isEqualTo("NoMetastoreInRegion");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events("ws-step-none", "WorkspaceProvisioningFailed")).singleElement().satisfies(failed -> {
                    assertThat(failed.get("errorCode").asText()).isEqualTo("NoMetastoreInRegion");
                    assertThat(failed.get("errorMessage").asText()).contains("region northeurope");
                }));
        assertThat(events("ws-step-none", "WorkspaceReady")).isEmpty();
        assertThat(accountCallsFor(record.workspaceId())).containsExactly("GET /workspaces/" + record.workspaceId() + "/metastore 404");
    }

    @Test
    void aWorkspaceScopeWorkspaceWithoutUnityCatalogSkipsTheStepAndCallsNoAccountApi() {
        onboarding.request(Requests.of("ws-step-skip", "workspace-scope", "westeurope", Requests.network()));

        WorkspaceRecord record = awaitStatus("ws-step-skip", "READY");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("ws-step-skip", "WorkspaceReady")).hasSize(1));
        assertThat(events("ws-step-skip", "WorkspaceReady").get(0).get("metastoreId").isNull()).isTrue();
        assertThat(record.metastore()).isEqualTo("NOT_NEEDED");
        assertThat(accountCallsFor(record.workspaceId())).isEmpty();
    }
}
