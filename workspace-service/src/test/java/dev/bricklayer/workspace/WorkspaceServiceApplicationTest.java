package dev.bricklayer.workspace;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.identity.WorkspaceIdentityBootstrapped;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/** workspace-service as it runs: Kafka bindings, PostgreSQL, the HTTP stack against the emulator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class WorkspaceServiceApplicationTest {

    private static EmulatedAzure azure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(WorkspaceTopics.REQUESTS, WorkspaceTopics.EVENTS, AuditTopics.API_CALLS,
                "bricklayer.security.events", "bricklayer.identity.events", "bricklayer.token.events");
        EmbeddedKafka.createCompactedTopic(WorkspaceTopics.STATE);
        azure = new EmulatedAzure(Duration.ofMillis(1200), Map.of());
        String database = EmbeddedPostgres.newDatabase("workspace_app");
        registry.add("spring.kafka.bootstrap-servers", EmbeddedKafka::bootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", EmbeddedKafka::bootstrapServers);
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("bricklayer.aad.authority-host", () -> azure.base);
        registry.add("bricklayer.aad.tenant-id", () -> EmulatedAzure.TENANT);
        registry.add("bricklayer.aad.client-id", () -> EmulatedAzure.CLIENT_ID);
        registry.add("bricklayer.aad.client-secret", () -> EmulatedAzure.CLIENT_SECRET);
        registry.add("bricklayer.aad.trust-store.path", () -> azure.trustStore);
        registry.add("bricklayer.aad.trust-store.password", () -> "changeit");
        registry.add("bricklayer.http.arm-base-url", () -> azure.base);
        registry.add("bricklayer.http.trust-store.path", () -> azure.trustStore);
        registry.add("bricklayer.http.trust-store.password", () -> "changeit");
        registry.add("bricklayer.workspace.blueprints-dir", () -> Requests.blueprints().toString());
        registry.add("bricklayer.workspace.poll-first-pause", () -> "200ms");
        registry.add("bricklayer.workspace.poll-max-pause", () -> "1s");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    @Autowired
    EventPublisher publisher;
    @Autowired
    ObjectMapper mapper;

    private List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        return EmbeddedKafka.records(topic, 0, Duration.ofMillis(300)).stream().filter(r -> key.equals(r.key())).toList();
    }

    private List<JsonNode> events(String key, String type) {
        return records(WorkspaceTopics.EVENTS, key).stream()
                .filter(r -> header(r, "ce_type").endsWith("." + type + ".v1"))
                .map(r -> {
                    try {
                        return mapper.readTree(r.value());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

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
    }

    @Test
    void aSchemaInvalidRequestGoesToTheDeadLetterTopicWithItsReasonAndTheNextOneIsServed() throws Exception {
        String bad = "{\"requestId\":\"r-bad\",\"workspaceName\":\"x\",\"subscriptionId\":\"nope\",\"pricingTier\":\"gold\"}";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(WorkspaceTopics.REQUESTS, "x", bad.getBytes(StandardCharsets.UTF_8))).get();
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
}
