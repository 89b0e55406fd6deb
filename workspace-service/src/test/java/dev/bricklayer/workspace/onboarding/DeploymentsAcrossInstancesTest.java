package dev.bricklayer.workspace.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.arm.ArmDeploymentClient;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;
import dev.bricklayer.workspace.metastore.AccountMetastoresClient;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;
import reactor.core.publisher.Mono;

/**
 * Several instances of workspace-service on one database: a deployment under way is followed by one of them at a
 * time (its lease {@code deploy:<workspace>}), taken over when the lease of an instance that stopped expired, never PUT
 * again when its PUT may have been accepted, and announced ready once.
 */
class DeploymentsAcrossInstancesTest {

    private static EmulatedAzure azure;
    private static DataSource database;
    private static WorkspaceStore store;
    private static ArmDeploymentClient arm;
    private static WorkspaceProvisioner provisioner;
    private static WorkspaceOnboarding instanceA;
    private static WorkspaceOnboarding instanceB;

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS, WorkspaceTopics.EVENTS);
        EmbeddedKafka.createCompactedTopic(WorkspaceTopics.STATE);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(1500)));
        database = SagaParts.database("workspace_replicas");
        store = new WorkspaceStore(new JdbcTemplate(database));
        var clients = azure.apiClients("workspace-service", Map.of());
        arm = new ArmDeploymentClient(clients);
        provisioner = new WorkspaceProvisioner(arm, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30));
        instanceA = instance("workspace-service-a");
        instanceB = instance("workspace-service-b");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static WorkspaceOnboarding instance(String name) {
        CloudEventPublisher publisher = SagaParts.publisher(azure.mapper());
        return SagaParts.onboarding(new WorkspaceRequestValidator(BlueprintCatalog.load(Requests.classicBlueprints(), azure.mapper())),
                provisioner, new MetastoreAssignment(new AccountMetastoresClient(azure.apiClients("workspace-service", Map.of()))),
                store, publisher, azure.mapper(), SagaParts.leases(database, name));
    }

    @Test
    void twoInstancesResumingAtOnceFollowTheDeploymentOnceAndAnnounceItReadyOnce() {
        String workspace = "ws-replicas-both";
        WorkspaceRequested request = recorded(workspace);
        stoppedAfterThePut(request, true);

        instanceA.resume();
        instanceB.resume();

        awaitStatus(workspace, "READY");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> ready(workspace).size() == 1);
        assertThat(deploymentPuts(workspace)).isEqualTo(1);
    }

    @Test
    void aDeploymentWhosePutWasSentButWhoseStatusUrlWasNotRecordedIsFollowedNotPutAgain() {
        String workspace = "ws-replicas-unrecorded";
        WorkspaceRequested request = recorded(workspace);
        stoppedAfterThePut(request, false);
        assertThat(store.find(workspace).orElseThrow().statusUrl()).isNull();
        assertThat(store.find(workspace).orElseThrow().putSentAt()).isNotNull();

        instanceB.resume();

        awaitStatus(workspace, "READY");
        assertThat(deploymentPuts(workspace)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(workspace).size() == 1);
    }

    @Test
    void aDeploymentAnotherInstanceHoldsIsNotResumedAndIsTakenOverOnceThatInstancesLeaseExpired() {
        String workspace = "ws-replicas-takeover";
        WorkspaceRequested request = recorded(workspace);
        stoppedAfterThePut(request, true);
        // the instance that PUT it holds its lease, then dies: the lease is never kept nor released
        Leases stopped = SagaParts.leases(database, "workspace-service-stopped");
        assertThat(stopped.acquire(Deployments.LEASE_PREFIX + workspace, Duration.ofSeconds(5))).isPresent();

        instanceA.resume();
        // the deployment ends in ARM meanwhile: no instance but the lease's holder may follow it
        await().during(Duration.ofMillis(3000)).atMost(Duration.ofSeconds(4))
                .until(() -> store.find(workspace).map(WorkspaceRecord::status), status -> status.equals(Optional.of("PROVISIONING")));

        // the periodic look-up of deployments no instance follows (resume-interval)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            instanceA.resume();
            return store.find(workspace).map(WorkspaceRecord::status).orElseThrow().equals("READY");
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> ready(workspace).size() == 1);
        assertThat(deploymentPuts(workspace)).isEqualTo(1);
    }

    /** The request recorded as the instance that took it did, before it deployed. */
    private static WorkspaceRequested recorded(String workspace) {
        WorkspaceRequested request = Requests.valid(workspace);
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper());
        store.startProvisioning(workspace, request.requestId(), json(request), "h-" + workspace, "standard@1",
                json(BlueprintCatalog.load(Requests.classicBlueprints(), azure.mapper()).find("standard", "1").orElseThrow().desiredState()),
                null, deployment.name());
        return request;
    }

    /** That instance sent the PUT (ARM accepted it) and stopped — after recording the status URL, or before. */
    private static void stoppedAfterThePut(WorkspaceRequested request, boolean statusUrlRecorded) {
        String workspace = request.workspaceName();
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper());
        String url = arm.putResourceGroup(request.subscriptionId(), request.resourceGroup(), request.region(), request.tags(), workspace)
                .then(Mono.fromRunnable(() -> store.putSent(workspace, deployment.name())).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .then(arm.putDeployment(request.subscriptionId(), request.resourceGroup(), workspace, deployment))
                .block(Duration.ofSeconds(10));
        assertThat(url).isNotNull();
        if (statusUrlRecorded) {
            store.deploymentStarted(workspace, deployment.name(), url);
        }
    }

    private static void awaitStatus(String workspace, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(store.find(workspace)).map(WorkspaceRecord::status).contains(status));
    }

    private static List<JsonNode> ready(String workspace) {
        return SagaParts.events(azure.mapper(), WorkspaceTopics.EVENTS, workspace, "WorkspaceReady");
    }

    private static long deploymentPuts(String workspace) {
        return azure.bean(Journal.class).count(e -> e.method().equals("PUT") && e.path().contains("/deployments/bricklayer-" + workspace + "-"));
    }

    private static String json(Object value) {
        try {
            return azure.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
