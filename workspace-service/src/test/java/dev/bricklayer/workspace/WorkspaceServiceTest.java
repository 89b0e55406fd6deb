package dev.bricklayer.workspace;

import static dev.bricklayer.servicetest.EmulatedAzure.PLATFORM_TEAM;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * workspace-service as it runs — Kafka bindings, PostgreSQL, the HTTP stack against the emulator — shared by the
 * test classes that extend this one (one application context, one emulator, closed with the context).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // metrics export as in production
@Import(WorkspaceServiceTest.EmulatorLifecycle.class)
public abstract class WorkspaceServiceTest {

    static final String REQUESTS_DLQ = "bricklayer.workspace.requests.dlq";
    static final String COMPLETIONS_DLQ = "bricklayer.workspace.completions.dlq";

    protected static EmulatedAzure azure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(WorkspaceTopics.REQUESTS, WorkspaceTopics.EVENTS, AuditTopics.API_CALLS, REQUESTS_DLQ, COMPLETIONS_DLQ,
                "bricklayer.security.events", "bricklayer.identity.events", "bricklayer.token.events");
        EmbeddedKafka.createCompactedTopic(WorkspaceTopics.STATE);
        // a metastore in westeurope: account-scope requests get theirs; workspace-scope ones make no account call either way
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(1200)).metastore("westeurope"));
        ServiceTestProperties.register(registry, azure, EmbeddedPostgres.newDatabase("workspace_app"));
        registry.add("bricklayer.workspace.blueprints-dir", () -> Requests.classicBlueprints().toString());
        registry.add("bricklayer.workspace.poll-first-pause", () -> "200ms");
        registry.add("bricklayer.workspace.poll-max-pause", () -> "1s");
    }

    /** The emulator lives as long as the application context that calls it. */
    @TestConfiguration
    static class EmulatorLifecycle {
        @Bean
        DisposableBean closeEmulator() {
            return () -> azure.close();
        }
    }

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected EventPublisher publisher;
    @Autowired
    protected ObjectMapper mapper;

    protected static String platformTeam() {
        return azure.bearer(PLATFORM_TEAM, List.of("Workspace.Request", "Workspace.Read"));
    }

    protected static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        return EmbeddedKafka.records(topic, 0, Duration.ofMillis(300)).stream().filter(r -> key.equals(r.key())).toList();
    }

    /** The events of {@code type} (simple name) keyed {@code key} on the events topic, as JSON. */
    protected List<JsonNode> events(String key, String type) {
        return records(WorkspaceTopics.EVENTS, key).stream()
                .filter(r -> header(r, "ce_type").endsWith("." + type + ".v1"))
                .map(r -> json(r.value())).toList();
    }

    protected JsonNode json(byte[] value) {
        try {
            return mapper.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** How many records the requests topic holds: what was published on it. */
    protected static long requestsPublished() {
        try (KafkaConsumer<String, byte[]> consumer = EmbeddedKafka.rawConsumer(WorkspaceTopics.REQUESTS)) {
            return consumer.endOffsets(consumer.assignment()).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
