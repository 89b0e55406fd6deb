package dev.bricklayer.workspace.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.UnityCatalogSpec;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.arm.ArmDeploymentClient;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;

/**
 * The metastore step against the emulator's account host, with Azure's automatic assignment off (so that a new
 * workspace has none until the step gives it one) and a metastore in westeurope only; every account call counted.
 */
class MetastoreAssignmentTest {

    private static final String ACCOUNT_PATH = "/api/2.0/accounts/" + EmulatedAzure.ACCOUNT;

    private static EmulatedAzure azure;
    private static ApiClientFactory clients;
    private static MetastoreAssignment step;
    private static String westeurope;

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(800)).metastore("westeurope")
                .property("emulator.accounts.auto-assign-metastore", "false"));
        clients = azure.apiClients("workspace-service", Map.of());
        step = new MetastoreAssignment(new AccountMetastoresClient(clients));
        westeurope = new AccountMetastoresClient(clients).list("setup").block(Duration.ofSeconds(10)).get(0).metastoreId();
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    /** The account calls served since {@code mark}, as {@code METHOD path}. */
    private static List<String> accountCalls(long mark) {
        return azure.bean(Journal.class).find(e -> "account".equals(e.surface()) && e.sequence() > mark).stream()
                .map(e -> e.method() + " " + e.path().replace(ACCOUNT_PATH, "…") + " " + e.status()).toList();
    }

    private static MetastoreAssignment.Outcome ensure(ReadyWorkspace workspace, String region, UnityCatalogSpec unityCatalog) {
        return step.ensure(workspace.name(), workspace.workspaceId(), region, unityCatalog).block(Duration.ofSeconds(30));
    }

    @Test
    void aWorkspaceWithoutAMetastoreGetsItsRegionsInOneAssignmentAndAfterThatOneReadIsAll() {
        ReadyWorkspace workspace = azure.deployWorkspace("ws-ms-assign");
        String id = workspace.workspaceId();

        long before = azure.mark();
        MetastoreAssignment.Outcome first = ensure(workspace, "westeurope", null);
        List<String> firstCalls = accountCalls(before);
        long between = azure.mark();
        MetastoreAssignment.Outcome second = ensure(workspace, "West Europe", null);

        assertThat(first).isEqualTo(new MetastoreAssignment.Assigned(westeurope, true));
        assertThat(firstCalls).containsExactly(
                "GET …/workspaces/" + id + "/metastore 404",
                "GET …/metastores 200",
                "POST …/workspaces/" + id + "/metastores/" + westeurope + " 200");
        assertThat(second).isEqualTo(new MetastoreAssignment.Assigned(westeurope, false));
        assertThat(accountCalls(between)).containsExactly("GET …/workspaces/" + id + "/metastore 200");
        assertThat(new AccountMetastoresClient(clients).assignment(id, workspace.name()).block(Duration.ofSeconds(10)))
                .hasValueSatisfying(assignment -> assertThat(assignment.metastoreId()).isEqualTo(westeurope));
    }

    @Test
    void aDefaultCatalogTheAssignmentDoesNotHaveIsSetWithOnePut() {
        ReadyWorkspace workspace = azure.deployWorkspace("ws-ms-default");
        ensure(workspace, "westeurope", null);

        long before = azure.mark();
        MetastoreAssignment.Outcome outcome = ensure(workspace, "westeurope", new UnityCatalogSpec("analytics", List.of()));
        List<String> calls = accountCalls(before);
        long after = azure.mark();
        ensure(workspace, "westeurope", new UnityCatalogSpec("analytics", List.of()));

        assertThat(outcome).isEqualTo(new MetastoreAssignment.Assigned(westeurope, false));
        assertThat(calls).containsExactly("GET …/workspaces/" + workspace.workspaceId() + "/metastore 200",
                "PUT …/workspaces/" + workspace.workspaceId() + "/metastores/" + westeurope + " 200");
        assertThat(accountCalls(after)).containsExactly("GET …/workspaces/" + workspace.workspaceId() + "/metastore 200");
    }

    @Test
    void aRegionWithoutAMetastoreFailsTheStepNamingTheRegionAndAssignsNothing() {
        var request = Requests.of("ws-ms-none", "federated", "northeurope", Requests.network());
        var provisioner = new WorkspaceProvisioner(new ArmDeploymentClient(clients), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        var ready = (WorkspaceProvisioner.Ready) provisioner.provision(request, WorkspaceDeployment.of(request, ArmOptions.NONE,
                azure.mapper()), null, url -> { }).block(Duration.ofSeconds(40));

        long before = azure.mark();
        MetastoreAssignment.Outcome outcome = step.ensure("ws-ms-none", ready.workspaceId(), "northeurope", null)
                .block(Duration.ofSeconds(30));

        assertThat(outcome).isInstanceOfSatisfying(MetastoreAssignment.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("NoMetastoreInRegion");
            assertThat(failed.message()).contains("no Unity Catalog metastore in region northeurope")
                    .contains("it has metastores in westeurope");
        });
        assertThat(accountCalls(before)).containsExactly("GET …/workspaces/" + ready.workspaceId() + "/metastore 404",
                "GET …/metastores 200");
    }

    @Test
    void withoutAnAccountIdTheStepFailsSayingSoAndCallsNothing() {
        MetastoreAssignment unconfigured = new MetastoreAssignment(new AccountMetastoresClient(
                azure.apiClients("workspace-service", Map.of("bricklayer.http.account-id", ""))));

        long before = azure.mark();
        MetastoreAssignment.Outcome outcome = unconfigured.ensure("ws-ms-noaccount", "1234567890123456", "westeurope", null)
                .block(Duration.ofSeconds(10));

        assertThat(outcome).isInstanceOfSatisfying(MetastoreAssignment.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("AccountNotConfigured");
            assertThat(failed.message()).contains("bricklayer.http.account-id");
        });
        assertThat(accountCalls(before)).isEmpty();
    }
}
