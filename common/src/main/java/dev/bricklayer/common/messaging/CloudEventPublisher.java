package dev.bricklayer.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.cloud.function.cloudevent.CloudEventMessageBuilder;
import org.springframework.cloud.function.cloudevent.CloudEventMessageUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.EventTypes;
import reactor.core.publisher.Mono;

/**
 * Publishes event records as CloudEvents in the Kafka binding's binary mode: Spring Cloud Function's
 * {@link CloudEventMessageBuilder} writes the {@code ce_*} headers ({@code ce_specversion}, {@code ce_id},
 * {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code ce_subject}, {@code ce_datacontenttype}) and the
 * extension {@code ce_correlationid}; the body is the record's JSON. Sent with a {@link KafkaTemplate} so that
 * the returned {@link Mono} completes exactly when the broker has acknowledged the record (acks=all) — the
 * write-ahead audit depends on that.
 */
public final class CloudEventPublisher implements EventPublisher {

    /** Name of the CloudEvents extension attribute carrying the correlation id. */
    public static final String CORRELATION_ID_ATTRIBUTE = "correlationid";

    private final KafkaTemplate<String, byte[]> template;
    private final ObjectMapper mapper;
    private final String source;

    /**
     * @param service the publishing service (spring.application.name); the source is {@code /bricklayer/<service>}
     */
    public CloudEventPublisher(KafkaTemplate<String, byte[]> template, ObjectMapper mapper, String service) {
        this.template = template;
        this.mapper = mapper;
        this.source = "/bricklayer/" + service;
    }

    @Override
    public Mono<Void> publish(String topic, String key, Object payload) {
        return Mono.defer(() -> {
            Message<byte[]> message = toMessage(topic, key, payload, Correlation.currentOrNew());
            return Mono.fromFuture(template.send(message));
        }).then();
    }

    @Override
    public Mono<Void> deadLetter(String topic, String key, byte[] body, Map<String, String> headers, String reason) {
        return Mono.defer(() -> {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body);
            headers.forEach((name, value) -> {
                if (value != null && !name.equals(REASON_HEADER)) {
                    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
                }
            });
            record.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
            return Mono.fromFuture(template.send(record));
        }).then();
    }

    Message<byte[]> toMessage(String topic, String key, Object payload, String correlationId) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + payload.getClass().getSimpleName() + " as JSON", e);
        }
        CloudEventMessageBuilder<byte[]> builder = CloudEventMessageBuilder.withData(body);
        if (key != null) {
            builder.setSubject(key); // a keyless event (a rejection of a keyless message) has no subject
        }
        Message<byte[]> built = builder
                .setId(UUID.randomUUID().toString())
                .setSource(source)
                .setType(EventTypes.of(payload.getClass()))
                .setTime(OffsetDateTime.now(ZoneOffset.UTC).toString())
                .setDataContentType("application/json")
                .setHeader(CloudEventMessageUtils.DEFAULT_ATTR_PREFIX + CORRELATION_ID_ATTRIBUTE, correlationId)
                .setHeader(KafkaHeaders.TOPIC, topic)
                .setHeader(KafkaHeaders.KEY, key)
                .build(CloudEventMessageUtils.KAFKA_ATTR_PREFIX);
        // The builder keeps ce_source as a URI; Kafka's header mapper would write a non-String value as JSON
        // ("\"/bricklayer/x\""). CloudEvents' Kafka binding wants every attribute as its plain string.
        MessageBuilder<byte[]> plain = MessageBuilder.fromMessage(built);
        built.getHeaders().forEach((name, value) -> {
            if (name.startsWith(CloudEventMessageUtils.KAFKA_ATTR_PREFIX) && !(value instanceof String)) {
                plain.setHeader(name, value.toString());
            }
        });
        return plain.build();
    }
}
