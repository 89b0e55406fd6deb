package dev.bricklayer.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.common.events.workspace.WorkspaceState.Status;
import dev.bricklayer.testsupport.EmbeddedKafka;

class WorkspaceRegistryTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    private static WorkspaceState state(String name, Status status) {
        return new WorkspaceState(name, status, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/" + name,
                null, null, "westeurope", "premium", Map.of("team", "data"), "standard@1", Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void rebuildsFromTheCompactedTopicAtStartAndFollowsLaterChanges() throws Exception {
        String topic = "test.workspace.state.registry";
        EmbeddedKafka.createCompactedTopic(topic);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                EmbeddedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "ws-a", mapper.writeValueAsBytes(state("ws-a", Status.PROVISIONING)))).get();
            producer.send(new ProducerRecord<>(topic, "ws-b", mapper.writeValueAsBytes(state("ws-b", Status.READY)))).get();
            producer.send(new ProducerRecord<>(topic, "ws-a", mapper.writeValueAsBytes(state("ws-a", Status.ONBOARDED)))).get();
            producer.send(new ProducerRecord<>(topic, "ws-c", mapper.writeValueAsBytes(state("ws-c", Status.READY)))).get();
            producer.send(new ProducerRecord<String, byte[]>(topic, "ws-c", null)).get();

            WorkspaceRegistry registry = new WorkspaceRegistry(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()), topic, mapper);
            registry.start();
            try {
                assertThat(registry.awaitReady(Duration.ofSeconds(20))).isTrue();
                assertThat(registry.find("ws-a")).map(WorkspaceState::status).contains(Status.ONBOARDED);
                assertThat(registry.find("ws-b")).map(WorkspaceState::status).contains(Status.READY);
                assertThat(registry.find("ws-c")).isEmpty();
                assertThat(registry.all()).hasSize(2);

                producer.send(new ProducerRecord<>(topic, "ws-b", mapper.writeValueAsBytes(state("ws-b", Status.DECOMMISSIONED)))).get();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(registry.find("ws-b")).map(WorkspaceState::status).contains(Status.DECOMMISSIONED));
            } finally {
                registry.stop();
            }
            assertThat(registry.isRunning()).isFalse();
        }
    }
}
