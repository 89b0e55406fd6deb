package dev.bricklayer.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.testsupport.EmbeddedKafka;

class CloudEventPublisherTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    static KafkaTemplate<String, byte[]> template(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
        properties.putAll(extra);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(properties));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void anEventIsACloudEventInBinaryModeWithPlainStringHeadersAndAJsonBody() throws Exception {
        String topic = "test.cloudevents.binary";
        EmbeddedKafka.createTopics(topic);
        CloudEventPublisher publisher = new CloudEventPublisher(template(EmbeddedKafka.bootstrapServers(), Map.of()),
                mapper, "identity-service");
        WorkspaceState state = new WorkspaceState("ws-finance", WorkspaceState.Status.READY, "/subscriptions/s/rg/ws",
                "1234567890123456", "adb-1.1.azuredatabricks.net", "westeurope", "premium", Map.of("env", "prod"),
                "standard@1", Instant.parse("2026-11-24T10:00:00Z"));

        Correlation.run("corr-42", () -> publisher.publish(topic, "ws-finance", state).block(Duration.ofSeconds(10)));

        List<ConsumerRecord<String, byte[]>> records = EmbeddedKafka.records(topic, 1, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo("ws-finance");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_type")).isEqualTo("bricklayer.workspace.WorkspaceState.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/bricklayer/identity-service");
        assertThat(header(record, "ce_subject")).isEqualTo("ws-finance");
        assertThat(header(record, "ce_correlationid")).isEqualTo("corr-42");
        assertThat(header(record, "ce_id")).matches("[0-9a-f-]{36}");
        assertThat(OffsetDateTime.parse(header(record, "ce_time"))).isNotNull();
        assertThat(mapper.readValue(record.value(), WorkspaceState.class)).isEqualTo(state);
    }

    @Test
    void withoutACurrentCorrelationIdANewOneIsSent() {
        String topic = "test.cloudevents.newcorrelation";
        EmbeddedKafka.createTopics(topic);
        CloudEventPublisher publisher = new CloudEventPublisher(template(EmbeddedKafka.bootstrapServers(), Map.of()),
                mapper, "token-service");

        publisher.publish(topic, "E-1", new UserLeft("E-1", "a@example.com", java.time.LocalDate.of(2026, 11, 24),
                Instant.parse("2026-11-24T10:00:00Z"))).block(Duration.ofSeconds(10));

        ConsumerRecord<String, byte[]> record = EmbeddedKafka.records(topic, 1, Duration.ofSeconds(10)).get(0);
        assertThat(header(record, "ce_correlationid")).isNotBlank();
        assertThat(header(record, "ce_type")).isEqualTo("bricklayer.hr.UserLeft.v1");
    }

    @Test
    void theMonoFailsWhenTheBrokerDoesNotAcknowledge() {
        CloudEventPublisher publisher = new CloudEventPublisher(template("127.0.0.1:1", Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000)), mapper, "identity-service");

        assertThatThrownBy(() -> publisher.publish("test.unreachable", "k",
                new UserLeft("E-2", "b@example.com", java.time.LocalDate.of(2026, 11, 24), Instant.now()))
                .block(Duration.ofSeconds(20))).isNotNull();
    }
}
