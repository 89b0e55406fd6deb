package dev.bricklayer.workspace;

import static dev.bricklayer.servicetest.EmulatedAzure.AUDITOR;
import static dev.bricklayer.servicetest.EmulatedAzure.PLATFORM_TEAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.identity.WorkspaceIdentityBootstrapped;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;

/** workspace-service as it runs: Kafka bindings, PostgreSQL, the HTTP stack against the emulator. */
class WorkspaceServiceApplicationTest extends WorkspaceServiceTest {

    @Test
    void aRequestOnKafkaIsDeployedAndOnboardedOnceTheOtherServicesReport() {
        publisher.publish(WorkspaceTopics.REQUESTS, "ws-app-ok", Requests.valid("ws-app-ok")).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(events("ws-app-ok", "WorkspaceReady")).hasSize(1));
        Instant now = Instant.now();
        publisher.publish("bricklayer.security.events", "ws-app-ok", new WorkspaceSecured("ws-app-ok", true, 2, 1, 1, now)).block();
        publisher.publish("bricklayer.identity.events", "ws-app-ok", new WorkspaceIdentityBootstrapped("ws-app-ok", 2, 0, 0, 2, now)).block();
        publisher.publish("bricklayer.token.events", "ws-app-ok", new TokenPolicyApplied("ws-app-ok", 90, List.of("data-engineers"), List.of(), now)).block();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("ws-app-ok", "WorkspaceOnboarded")).hasSize(1));
        assertThat(events("ws-app-ok", "WorkspaceReady").get(0).get("workspaceUrl").asText()).startsWith("localhost:");

        publisher.publish(WorkspaceTopics.REQUESTS, "ws-app-ok", new dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested(
                "ws-app-ok", "platform-team@contoso.com", "project closed", Instant.now())).block();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("ws-app-ok", "WorkspaceDecommissioned")).hasSize(1));
        assertThat(records("bricklayer.workspace.requests.dlq", "ws-app-ok")).isEmpty();
    }

    @Test
    void aSchemaInvalidRequestGoesToTheDeadLetterTopicWithItsReasonAndTheNextOneIsServed() throws Exception {
        String bad = "{\"requestId\":\"r-bad\",\"workspaceName\":\"x\",\"subscriptionId\":\"nope\",\"pricingTier\":\"gold\"}";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(WorkspaceTopics.REQUESTS, "x", bad.getBytes(StandardCharsets.UTF_8));
            // a CloudEvent like any producer's, so that it is its body that is refused
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                    .add("ce_id", "bad-request-x".getBytes(StandardCharsets.UTF_8))
                    .add("ce_source", "/platform-team".getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", EventTypes.of(WorkspaceRequested.class).getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        publisher.publish(WorkspaceTopics.REQUESTS, "ws-app-next", Requests.valid("ws-app-next")).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = records("bricklayer.workspace.requests.dlq", "x");
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(bad);
            assertThat(header(dead.get(0), "x-exception-message")).contains("/subscriptionId").contains("/pricingTier");
        });
        assertThat(events("x", "WorkspaceRequestRejected")).singleElement().satisfies(rejected ->
                assertThat(rejected.get("errors").findValuesAsText("field")).contains("/subscriptionId", "/pricingTier"));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(events("ws-app-next", "WorkspaceReady")).hasSize(1));
    }

    @Test
    void theRestApiNeedsATokenWithTheRightRole() {
        web.get().uri("/api/v1/workspaces").exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/workspaces").header("Authorization", azure.bearer(AUDITOR, List.of("Workspace.Read")))
                .bodyValue(Requests.valid("ws-api-denied")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/workspaces").header("Authorization", azure.bearer(AUDITOR, List.of("Workspace.Read")))
                .exchange().expectStatus().isOk();
        // a token for another audience (Azure Databricks) is refused
        web.get().uri("/api/v1/workspaces").header("Authorization", "Bearer " + azure.bean(dev.bricklayer.emulator.aad.TokenIssuer.class)
                .issue(EmulatedAzure.TENANT, PLATFORM_TEAM, "oid", dev.bricklayer.emulator.aad.TokenIssuer.DATABRICKS_RESOURCE,
                        List.of("Workspace.Read")).value()).exchange().expectStatus().isUnauthorized();
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
                .value(doc -> assertThat(doc).contains("/api/v1/workspaces/plan"));
    }

    @Test
    void aBadRequestIs400WithEveryFieldErrorAndAPlanShowsTheTemplateWithoutDeploying() {
        Map<String, Object> bad = new java.util.HashMap<>(mapper.convertValue(Requests.valid("w"), Map.class));
        bad.put("subscriptionId", "nope");
        web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam()).bodyValue(bad).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString()).contains("/subscriptionId").contains("/workspaceName"));

        web.post().uri("/api/v1/workspaces/plan").header("Authorization", platformTeam()).bodyValue(Requests.valid("ws-api-plan"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.blueprint").isEqualTo("standard@1")
                .jsonPath("$.deploymentName").value(name -> assertThat(name.toString()).startsWith("bricklayer-ws-api-plan-"))
                .jsonPath("$.armTemplate.resources.length()").isEqualTo(3)
                .jsonPath("$.desiredState.tokenPolicy.maxLifetimeDays").isEqualTo(90);
        assertThat(azure.bean(dev.bricklayer.emulator.journal.Journal.class)
                .count(e -> e.path().contains("bricklayer-ws-api-plan"))).isZero();
    }

    @Test
    void aWorkspaceRequestedOverRestIsDeployedShowsItsStepsAndIsDecommissioned() {
        web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam()).bodyValue(Requests.valid("ws-api-rest"))
                .exchange().expectStatus().isAccepted().expectHeader().location("/api/v1/workspaces/ws-api-rest");

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> web.get().uri("/api/v1/workspaces/ws-api-rest")
                .header("Authorization", platformTeam()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("READY")
                .jsonPath("$.steps.deployment.state").isEqualTo("DONE")
                .jsonPath("$.steps.deployment.at").exists()
                .jsonPath("$.steps.security.state").isEqualTo("PENDING")
                .jsonPath("$.workspaceUrl").value(url -> assertThat(url.toString()).startsWith("localhost:")));

        web.delete().uri("/api/v1/workspaces/ws-api-rest").header("Authorization", platformTeam()).exchange().expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("ws-api-rest", "WorkspaceDecommissioned")).hasSize(1));
        web.get().uri("/api/v1/workspaces/ws-api-rest").header("Authorization", platformTeam()).exchange().expectBody()
                .jsonPath("$.status").isEqualTo("DECOMMISSIONED");
        assertThat(azure.bean(dev.bricklayer.emulator.workspace.Workspaces.class).byName("ws-api-rest")).isEmpty();
        web.get().uri("/api/v1/workspaces/nothing-here").header("Authorization", platformTeam()).exchange().expectStatus().isNotFound();

        // observability shared by every service: probes and the outbound HTTP stack's metrics per API and host
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class).value(metrics -> assertThat(metrics)
                .contains("bricklayer_http_calls_total{api=\"arm\"")
                .contains("bricklayer_http_limiter_wait_seconds_count"));
    }
}
