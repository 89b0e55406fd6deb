package dev.bricklayer.workspace.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.emulator.arm.ArmFailureScript;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.workspace.Requests;

class WorkspaceProvisionerTest {

    private static EmulatedAzure azure;
    private static WorkspaceProvisioner provisioner;

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(1500)));
        provisioner = new WorkspaceProvisioner(new ArmDeploymentClient(azure.apiClients("workspace-service", Map.of())),
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private List<JournalEntry> armCalls(String workspaceName) {
        return azure.bean(Journal.class).find(e -> "arm".equals(e.surface()) && e.path().toLowerCase().contains("rg-" + workspaceName));
    }

    @Test
    void aRequestIsDeployedThroughArmAndTheWorkspaceServesHttpsAtItsUrl() {
        WorkspaceRequested request = Requests.valid("ws-prov-ok");
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper());
        AtomicReference<String> statusUrl = new AtomicReference<>();

        WorkspaceProvisioner.Outcome outcome = provisioner.provision(request, deployment, null, statusUrl::set).block(Duration.ofSeconds(40));

        assertThat(outcome).isInstanceOfSatisfying(WorkspaceProvisioner.Ready.class, ready -> {
            assertThat(ready.workspaceId()).matches("\\d{16}");
            assertThat(ready.workspaceUrl()).startsWith("localhost:");
            assertThat(ready.resourceId()).isEqualTo(WorkspaceDeployment.workspaceResourceId(request));
        });
        assertThat(statusUrl.get()).contains("/deployments/" + deployment.name() + "/operationStatuses/");
        List<JournalEntry> calls = armCalls("ws-prov-ok");
        assertThat(calls).filteredOn(e -> e.method().equals("PUT") && e.path().contains("/deployments/")).hasSize(1);
        assertThat(calls).allSatisfy(e -> assertThat(e.principal()).isEqualTo(EmulatedAzure.CLIENT_ID));
        // every ARM call the emulator served has exactly one started and one completed audit record
        List<ConsumerRecord<String, byte[]>> audit = EmbeddedKafka.records(AuditTopics.API_CALLS, calls.size() * 2, Duration.ofSeconds(10))
                .stream().filter(r -> "ws-prov-ok".equals(r.key())).toList();
        long started = audit.stream().filter(r -> type(r).endsWith("ApiCallStarted.v1")).count();
        long completed = audit.stream().filter(r -> type(r).endsWith("ApiCallCompleted.v1")).count();
        assertThat(started).isEqualTo(calls.size());
        assertThat(completed).isEqualTo(calls.size());
    }

    private static String type(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
    }

    @Test
    void aScriptedArmFailureComesBackAsTheArmErrorCodeAndMessage() {
        WorkspaceRequested request = Requests.valid("ws-prov-quota");
        azure.bean(ArmFailureScript.class).add(new ArmFailureScript.Failure("rg-ws-prov-quota", "QuotaExceeded",
                "Operation could not be completed as it results in exceeding approved Total Regional Cores quota.", 1));

        WorkspaceProvisioner.Outcome outcome = provisioner.provision(request, WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper()), null, url -> { })
                .block(Duration.ofSeconds(40));

        assertThat(outcome).isEqualTo(new WorkspaceProvisioner.Failed("QuotaExceeded",
                "Operation could not be completed as it results in exceeding approved Total Regional Cores quota."));
    }

    @Test
    void aResumedDeploymentIsPolledNotPutAgain() {
        WorkspaceRequested request = Requests.valid("ws-prov-resume");
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper());
        AtomicReference<String> statusUrl = new AtomicReference<>();
        // the first run stops right after the PUT (as a crash would)
        provisioner.provision(request, deployment, null, statusUrl::set).timeout(Duration.ofMillis(300), reactor.core.publisher.Mono.empty())
                .block(Duration.ofSeconds(10));

        WorkspaceProvisioner.Outcome outcome = provisioner.provision(request, deployment, statusUrl.get(), url -> { })
                .block(Duration.ofSeconds(40));

        assertThat(outcome).isInstanceOf(WorkspaceProvisioner.Ready.class);
        assertThat(armCalls("ws-prov-resume")).filteredOn(e -> e.method().equals("PUT") && e.path().contains("/deployments/")).hasSize(1);
    }

    @Test
    void theSameRequestGetsTheSameDeploymentNameAndAChangedOneANewName() {
        WorkspaceRequested request = Requests.valid("ws-names");
        WorkspaceRequested changed = Requests.with(request, PricingTier.STANDARD, request.network(), request.blueprint(), Map.of());

        String first = WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper()).name();

        assertThat(WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper()).name()).isEqualTo(first);
        assertThat(WorkspaceDeployment.of(changed, ArmOptions.NONE, azure.mapper()).name()).isNotEqualTo(first).startsWith("bricklayer-ws-names-");
        assertThat(first).matches("bricklayer-ws-names-[0-9a-f]{8}").hasSizeLessThanOrEqualTo(64);
    }
}
