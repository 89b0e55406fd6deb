package dev.bricklayer.security;

import static dev.bricklayer.servicetest.EmulatedAzure.AUDITOR;
import static dev.bricklayer.servicetest.EmulatedAzure.PLATFORM_TEAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
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
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.security.drift.DriftSchedule;
import dev.bricklayer.security.reconcile.WorkspacePasses;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * security-service as it runs — Kafka binding, PostgreSQL, the common HTTP stack — against emulated workspaces
 * deployed through ARM, shared by the test classes that extend this one (one application context, one emulator, closed
 * with the context). The caller's address is 127.0.0.1, so the platform's egress is configured as 127.0.0.1/32. The
 * emulator has a Unity Catalog metastore in westeurope, where every workspace is deployed: it is assigned to each (as
 * Azure does), which only the desired states with catalogs use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SecurityServiceTest.EmulatorLifecycle.class)
public abstract class SecurityServiceTest {

    static final String DLQ = "bricklayer.workspace.events.security-service.dlq";

    protected static EmulatedAzure azure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(WorkspaceTopics.EVENTS, SecurityTopics.EVENTS, AuditTopics.API_CALLS, DLQ);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200))
                .clusterStartDuration(Duration.ofMillis(200)).metastore("westeurope"));
        ServiceTestProperties.register(registry, azure, EmbeddedPostgres.newDatabase("security_app"));
        registry.add("bricklayer.http.retry.initial-backoff", () -> "100ms");
        registry.add("bricklayer.security.platform-egress-ranges", () -> "127.0.0.1/32");
        registry.add("bricklayer.security.drift-interval", () -> "1h"); // passes are started by the tests
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
    protected EventPublisher publisher;
    @Autowired
    protected ObjectMapper mapper;
    @Autowired
    protected WorkspacePasses passes;
    @Autowired
    protected DriftSchedule driftSchedule;
    @Autowired
    protected WebTestClient web;

    protected static String reader() {
        return azure.bearer(AUDITOR, List.of("Security.Read"));
    }

    protected static String operator() {
        return azure.bearer(PLATFORM_TEAM, List.of("Security.Operate", "Security.Read"));
    }

    /** The workspace's write calls after {@code mark}, as {@code METHOD path}, in order. */
    protected static List<String> writes(String workspace, long mark) {
        return azure.journal().find(e -> workspace.equals(e.workspace()) && e.sequence() > mark && !"GET".equals(e.method()))
                .stream().sorted(java.util.Comparator.comparingLong(JournalEntry::sequence))
                .map(e -> e.method() + " " + e.path()).toList();
    }

    protected List<JsonNode> events(String workspace, String type) {
        return EmbeddedKafka.records(SecurityTopics.EVENTS, 0, Duration.ofMillis(300)).stream()
                .filter(r -> workspace.equals(r.key()) && header(r, "ce_type").endsWith("." + type + ".v1"))
                .map(r -> {
                    try {
                        return mapper.readTree(r.value());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    protected List<JsonNode> awaitEvents(String workspace, String type, int count) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(events(workspace, type)).hasSizeGreaterThanOrEqualTo(count));
        return events(workspace, type);
    }

    /** A record on the workspace topic as a producer outside Bricklayer would send it: a whole CloudEvents envelope. */
    protected static void sendRaw(String key, String ceType, String body) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(WorkspaceTopics.EVENTS, key, body.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "/somewhere".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
