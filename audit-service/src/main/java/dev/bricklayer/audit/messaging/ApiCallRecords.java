package dev.bricklayer.audit.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.messaging.CloudEventEnvelope;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.EventReader;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.common.messaging.UnprocessableEventException;

/**
 * The records of one batch from {@code bricklayer.audit.api-calls}, each read the way every routed binding reads an
 * event ({@code EventRoutes} takes one message; this binding takes a poll's worth): a body (no tombstone), the
 * CloudEvents 1.0 envelope, a {@code ce_type} the topic carries ({@code AuditTopics.API_CALL_TYPES}), a strict
 * body ({@link EventReader}) that binds to its record, a {@code callId}. A record that fails is refused in the same
 * words: one WARN line, and the record unchanged on the dead-letter topic with the reason first in
 * {@value EventPublisher#REASON_HEADER}.
 */
final class ApiCallRecords {

    private static final Logger log = LoggerFactory.getLogger(ApiCallRecords.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, Class<?>> TYPES = new LinkedHashMap<>();

    static {
        AuditTopics.API_CALL_TYPES.forEach(type -> TYPES.put(EventTypes.of(type), type));
    }

    private final EventReader reader;
    private final EventPublisher events;
    private final String binding;
    private final String deadLetters;

    ApiCallRecords(EventReader reader, EventPublisher events, String binding, String deadLetters) {
        this.reader = reader;
        this.events = events;
        this.binding = binding;
        this.deadLetters = deadLetters;
    }

    /** The batch as one message per record: its value (a tombstone as {@code KafkaNull}) and its own headers. */
    static List<Message<Object>> split(Message<List<Object>> batch) {
        MessageHeaders headers = batch.getHeaders();
        List<Object> values = batch.getPayload();
        List<Message<Object>> records = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> own = new LinkedHashMap<>(nth(headers, KafkaHeaders.BATCH_CONVERTED_HEADERS, i, Map.of()));
            own.put(KafkaHeaders.RECEIVED_KEY, nth(headers, KafkaHeaders.RECEIVED_KEY, i, null));
            own.put(KafkaHeaders.RECEIVED_TOPIC, nth(headers, KafkaHeaders.RECEIVED_TOPIC, i, null));
            own.put(KafkaHeaders.RECEIVED_PARTITION, nth(headers, KafkaHeaders.RECEIVED_PARTITION, i, null));
            own.put(KafkaHeaders.OFFSET, nth(headers, KafkaHeaders.OFFSET, i, null));
            own.values().removeIf(value -> value == null);
            Object value = values.get(i) == null ? KafkaNull.INSTANCE : values.get(i);
            records.add(MessageBuilder.createMessage(value, new MessageHeaders(own)));
        }
        return records;
    }

    /**
     * The {@code ApiCallStarted} or {@code ApiCallCompleted} a record carries.
     *
     * @throws UnprocessableEventException when it carries none, naming why
     */
    Object read(Message<Object> record) {
        IncomingEvent event = IncomingEvent.of(record);
        EventReader.requireBody(record.getPayload());
        List<FieldError> envelope = CloudEventEnvelope.check(event);
        if (!envelope.isEmpty()) {
            throw new UnprocessableEventException("envelope", envelope);
        }
        Class<?> type = TYPES.get(event.type());
        if (type == null) {
            throw UnprocessableEventException.unknownType(event.type(), TYPES.keySet());
        }
        Object call = reader.read(event.type(), reader.tree(record.getPayload()), type);
        String callId = call instanceof ApiCallStarted started ? started.callId() : ((ApiCallCompleted) call).callId();
        if (callId == null || callId.isBlank()) {
            throw new UnprocessableEventException("invalid", "/callId", "required", "callId is required");
        }
        return call;
    }

    /** One WARN line, then the record, unchanged, on the dead-letter topic with the reason first. */
    void refuse(Message<Object> record, UnprocessableEventException error) {
        IncomingEvent event = IncomingEvent.of(record);
        Correlation.run(event.correlationId(), () -> log.warn("{} {} (key {}) refused on {}: {}", event.shortType(), event.id(),
                event.key(), binding, error.getMessage()));
        Map<String, String> headers = new LinkedHashMap<>();
        record.getHeaders().forEach((name, value) -> {
            if (!name.startsWith(KafkaHeaders.PREFIX) && (value instanceof byte[] || value instanceof String)) {
                headers.put(name, value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value);
            }
        });
        headers.put("x-original-topic", String.valueOf(event.topic()));
        headers.put("x-original-partition", String.valueOf(record.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION)));
        headers.put("x-original-offset", String.valueOf(record.getHeaders().get(KafkaHeaders.OFFSET)));
        headers.put("x-exception-fqcn", UnprocessableEventException.class.getName());
        Object value = record.getPayload();
        events.deadLetter(deadLetters, event.key(), value instanceof byte[] bytes ? bytes : null, headers, error.getMessage())
                .block(SEND_TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    private static <T> T nth(MessageHeaders headers, String name, int index, T otherwise) {
        Object values = headers.get(name);
        return values instanceof List<?> list && index < list.size() && list.get(index) != null ? (T) list.get(index) : otherwise;
    }
}
