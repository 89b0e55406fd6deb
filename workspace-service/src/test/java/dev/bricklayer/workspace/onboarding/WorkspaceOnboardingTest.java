package dev.bricklayer.workspace.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.mock.env.MockEnvironment;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.common.messaging.EventRouting;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.common.schema.EventSchemaValidator;
import dev.bricklayer.emulator.arm.ArmFailureScript;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.arm.ArmDeploymentClient;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;
import dev.bricklayer.workspace.messaging.WorkspaceBindings;
import dev.bricklayer.workspace.metastore.AccountMetastoresClient;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;

/** The saga over real parts: the emulator's ARM, PostgreSQL for state, Kafka for events. */
class WorkspaceOnboardingTest {

    private static EmulatedAzure azure;
    private static WorkspaceStore store;
    private static WorkspaceOnboarding onboarding;
    private static WorkspaceProvisioner provisioner;
    private static CloudEventPublisher publisher;
    private static final String DLQ = "bricklayer.workspace.requests.dlq";

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS, WorkspaceTopics.EVENTS, DLQ);
        EmbeddedKafka.createCompactedTopic(WorkspaceTopics.STATE);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(1200)));
        DataSource database = SagaParts.database("workspace");
        store = new WorkspaceStore(new JdbcTemplate(database));
        publisher = SagaParts.publisher(azure.mapper());
        var clients = azure.apiClients("workspace-service", Map.of());
        provisioner = new WorkspaceProvisioner(new ArmDeploymentClient(clients), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        onboarding = SagaParts.onboarding(new WorkspaceRequestValidator(BlueprintCatalog.load(Requests.classicBlueprints(), azure.mapper())),
                provisioner, new MetastoreAssignment(new AccountMetastoresClient(clients)), store, publisher, azure.mapper(),
                SagaParts.leases(database, "workspace-service-test"));
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static List<JsonNode> events(String topic, String key, String type) {
        return SagaParts.events(azure.mapper(), topic, key, type);
    }

    private static long deploymentPuts(String workspace) {
        return azure.bean(Journal.class).count(e -> e.method().equals("PUT") && e.path().contains("/deployments/bricklayer-" + workspace + "-"));
    }

    private static void awaitStatus(String workspace, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(store.find(workspace)).map(WorkspaceRecord::status).contains(status));
    }

    @Test
    void aRequestBecomesReadyWithTheUrlTheEmulatorServesAndTheDesiredState() {
        WorkspaceOnboarding.Decision decision = onboarding.request(Requests.valid("ws-saga-ok"));
        awaitStatus("ws-saga-ok", "READY");

        assertThat(decision).isEqualTo(WorkspaceOnboarding.Decision.DEPLOYING);
        WorkspaceRecord record = store.find("ws-saga-ok").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-ok", "WorkspaceReady")).hasSize(1));
        JsonNode ready = events(WorkspaceTopics.EVENTS, "ws-saga-ok", "WorkspaceReady").get(0);
        assertThat(ready.get("workspaceUrl").asText()).isEqualTo(record.workspaceUrl()).startsWith("localhost:");
        assertThat(ready.get("desiredState").get("ipAccessLists").get(0).get("label").asText()).isEqualTo("corporate-egress");
        assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-ok", "WorkspaceProvisioningStarted")).hasSize(1);
        assertThat(events(WorkspaceTopics.STATE, "ws-saga-ok", null)).extracting(s -> s.get("status").asText()).contains("PROVISIONING", "READY");
        assertThat(azure.bean(dev.bricklayer.emulator.workspace.Workspaces.class).byName("ws-saga-ok")).isPresent();
    }

    @Test
    void theSameRequestTwiceDeploysOnceAndAChangedOneIsReapplied() {
        WorkspaceRequested request = Requests.valid("ws-saga-dup");
        onboarding.request(request);
        awaitStatus("ws-saga-dup", "READY");

        WorkspaceOnboarding.Decision again = onboarding.request(request);
        WorkspaceRequested changed = new WorkspaceRequested("req-2", request.workspaceName(), request.subscriptionId(),
                request.resourceGroup(), request.region(), PricingTier.PREMIUM, request.network(), Map.of("env", "prod", "owner", "finance"),
                request.blueprint(), Map.of("tokenPolicy", Map.of("maxLifetimeDays", 30)), request.requestedBy(), request.occurredAt());
        WorkspaceOnboarding.Decision reapplied = onboarding.request(changed);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-dup", "WorkspaceReady")).hasSize(2));

        assertThat(again).isEqualTo(WorkspaceOnboarding.Decision.UNCHANGED);
        assertThat(reapplied).isEqualTo(WorkspaceOnboarding.Decision.REAPPLIED);
        assertThat(deploymentPuts("ws-saga-dup")).isEqualTo(2);
        assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-dup", "WorkspaceReady").get(1).get("desiredState")
                .get("tokenPolicy").get("maxLifetimeDays").asInt()).isEqualTo(30);
    }

    @Test
    void anInvalidRequestIsRejectedWithItsFieldErrorsAndNothingIsDeployed() {
        WorkspaceRequested base = Requests.valid("ws-saga-bad");
        WorkspaceRequested bad = Requests.with(base, PricingTier.STANDARD, base.network(), base.blueprint(), Map.of());

        UnprocessableEventException rejected = catchThrowableOfType(
                UnprocessableEventException.class, () -> onboarding.request(bad));
        // the refusal is announced by the requests binding, as for every refused message
        requestsBinding().accept(asReceived(bad));

        assertThat(rejected.errors()).extracting(e -> e.field()).containsExactly("/pricingTier");
        assertThat(rejected.getMessage()).contains("/pricingTier [premium-for-ip-access-lists]");
        assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-bad", "WorkspaceRequestRejected")).hasSize(1);
        assertThat(store.find("ws-saga-bad")).isEmpty();
        assertThat(deploymentPuts("ws-saga-bad")).isZero();
    }

    /** The requests binding over this test's saga and publisher, its dead letters on {@value #DLQ}. */
    private static java.util.function.Consumer<Message<byte[]>> requestsBinding() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.cloud.stream.kafka.bindings.workspaceRequests-in-0.consumer.dlq-name", DLQ);
        EventRouting routing = new EventRouting(azure.mapper(), new EventSchemaValidator(azure.mapper()), publisher, environment);
        return new WorkspaceBindings().workspaceRequests(routing, onboarding, publisher, Clock.systemUTC());
    }

    /** {@code request} as the binding receives it from Kafka. */
    private static Message<byte[]> asReceived(WorkspaceRequested request) {
        try {
            return MessageBuilder.withPayload(azure.mapper().writeValueAsBytes(request))
                    .setHeader("ce_specversion", "1.0").setHeader("ce_id", "id-" + request.requestId())
                    .setHeader("ce_source", "/test").setHeader("ce_type", EventTypes.of(WorkspaceRequested.class))
                    .setHeader(KafkaHeaders.RECEIVED_KEY, request.workspaceName()).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anArmFailureEndsFailedWithTheArmError() {
        azure.bean(ArmFailureScript.class).add(new ArmFailureScript.Failure("rg-ws-saga-quota", "QuotaExceeded", "Cores quota exceeded", 1));

        onboarding.request(Requests.valid("ws-saga-quota"));
        awaitStatus("ws-saga-quota", "FAILED");

        WorkspaceRecord record = store.find("ws-saga-quota").orElseThrow();
        assertThat(record.errorCode()).isEqualTo("QuotaExceeded");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-quota", "WorkspaceProvisioningFailed"))
                        .singleElement().satisfies(failed -> {
                            assertThat(failed.get("errorCode").asText()).isEqualTo("QuotaExceeded");
                            assertThat(failed.get("errorMessage").asText()).isEqualTo("Cores quota exceeded");
                        }));
    }

    @Test
    void aDeploymentUnderWayWhenTheServiceStoppedIsResumedWithoutASecondPut() {
        WorkspaceRequested request = Requests.valid("ws-saga-resume");
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper());
        // the service before the crash: recorded the request and PUT the deployment, then died
        store.startProvisioning(request.workspaceName(), request.requestId(), json(request), "h", "standard@1",
                json(BlueprintCatalog.load(Requests.classicBlueprints(), azure.mapper()).find("standard", "1").orElseThrow().desiredState()),
                null, deployment.name());
        provisioner.provision(request, deployment, null, url -> store.deploymentStarted(request.workspaceName(), deployment.name(), url))
                .timeout(Duration.ofMillis(300), reactor.core.publisher.Mono.empty()).block(Duration.ofSeconds(10));
        assertThat(store.find("ws-saga-resume").orElseThrow().statusUrl()).isNotNull();

        onboarding.resume();
        awaitStatus("ws-saga-resume", "READY");

        assertThat(deploymentPuts("ws-saga-resume")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-resume", "WorkspaceReady")).hasSize(1));
    }

    @Test
    void theWorkspaceIsOnboardedWhenSecurityIdentityAndTokensHaveAllReported() {
        onboarding.request(Requests.valid("ws-saga-steps"));
        awaitStatus("ws-saga-steps", "READY");

        onboarding.step("ws-saga-steps", "secured", "DONE");
        onboarding.step("ws-saga-steps", "identity", "DONE");
        assertThat(store.find("ws-saga-steps").orElseThrow().status()).isEqualTo("READY");
        onboarding.step("ws-saga-steps", "tokens", "DONE");

        assertThat(store.find("ws-saga-steps").orElseThrow().status()).isEqualTo("ONBOARDED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events(WorkspaceTopics.EVENTS, "ws-saga-steps", "WorkspaceOnboarded")).singleElement()
                        .satisfies(onboarded -> assertThat(onboarded.get("workspaceUrl").asText()).startsWith("localhost:")));
    }

    private static String json(Object value) {
        try {
            return azure.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
