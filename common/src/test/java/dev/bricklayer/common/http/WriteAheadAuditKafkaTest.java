package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.testsupport.EmbeddedKafka;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** The write-ahead audit over a real Kafka broker: the started record is readable before the request arrives. */
class WriteAheadAuditKafkaTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<JsonNode> auditRecords(String type, String path) {
        return EmbeddedKafka.records(AuditTopics.API_CALLS, 0, Duration.ofSeconds(10)).stream()
                .filter(r -> header(r, "ce_type").equals(type))
                .map(r -> {
                    try {
                        return mapper.readTree(r.value());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(json -> path == null || path.equals(json.path("path").asText()))
                .toList();
    }

    @Test
    void theStartedRecordIsInKafkaWhenTheServerReceivesTheRequest() throws Exception {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS);
        String path = "/api/2.0/preview/scim/v2/Groups/777";
        List<Integer> startedSeenByServer = new CopyOnWriteArrayList<>();
        List<Integer> completedSeenByServer = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                startedSeenByServer.add(auditRecords("bricklayer.audit.ApiCallStarted.v1", path).size());
                completedSeenByServer.add(auditRecords("bricklayer.audit.ApiCallCompleted.v1", path).size());
                return new MockResponse().setBody("{\"id\":\"777\"}");
            }
        });
        server.start();
        HttpStackFixture fixture = new HttpStackFixture().with("workspace-budget-per-second", "1000");
        fixture.auditSink = new EventPublishingAuditSink(new CloudEventPublisher(
                messagingTemplate(), mapper, "identity-service"));
        WebClient client = fixture.factory().workspace(
                WorkspaceTarget.aad("ws-wal", "http://localhost:" + server.getPort(), null));

        String body = Correlation.with("corr-wal-1", () -> client.get().uri("/api/2.0/preview/scim/v2/Groups/{id}", "777")
                .retrieve().bodyToMono(String.class)).block(Duration.ofSeconds(20));

        assertThat(body).contains("777");
        assertThat(startedSeenByServer).containsExactly(1);
        assertThat(completedSeenByServer).containsExactly(0);
        List<JsonNode> started = auditRecords("bricklayer.audit.ApiCallStarted.v1", path);
        assertThat(started).hasSize(1);
        assertThat(started.get(0).get("correlationId").asText()).isEqualTo("corr-wal-1");
        assertThat(started.get(0).get("pathTemplate").asText()).isEqualTo("/api/2.0/preview/scim/v2/Groups/{id}");
        String callId = started.get(0).get("callId").asText();
        List<JsonNode> completed = EmbeddedKafka.records(AuditTopics.API_CALLS, 2, Duration.ofSeconds(5)).stream()
                .filter(r -> header(r, "ce_type").equals("bricklayer.audit.ApiCallCompleted.v1"))
                .map(r -> {
                    try {
                        return mapper.readTree(r.value());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(json -> callId.equals(json.path("callId").asText()))
                .toList();
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(completed.get(0).get("outcome").asText()).isEqualTo("SUCCESS");
    }

    static org.springframework.kafka.core.KafkaTemplate<String, byte[]> messagingTemplate() {
        return new org.springframework.kafka.core.KafkaTemplate<>(new org.springframework.kafka.core.DefaultKafkaProducerFactory<>(
                Map.<String, Object>of("bootstrap.servers", EmbeddedKafka.bootstrapServers(), "acks", "all",
                        "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                        "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class)));
    }
}
