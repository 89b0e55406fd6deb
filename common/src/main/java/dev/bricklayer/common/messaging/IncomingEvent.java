package dev.bricklayer.common.messaging;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.springframework.cloud.function.cloudevent.CloudEventMessageUtils;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import dev.bricklayer.common.correlation.Correlation;

/**
 * The CloudEvent attributes of a message a functional binding received, where it came from, and a way to handle
 * its payload with the event's correlation id as the current one — so that every event published and every HTTP
 * call made by the handler carries it, and every log line shows it.
 *
 * @param id            {@code ce_id}
 * @param type          {@code ce_type}
 * @param source        {@code ce_source}
 * @param subject       {@code ce_subject}, or the Kafka key when there is none
 * @param correlationId {@code ce_correlationid}, or a new id when the producer sent none
 * @param specVersion   {@code ce_specversion}
 * @param time          {@code ce_time}; may be {@code null}
 * @param key           the Kafka record key; may be {@code null}
 * @param topic         the topic it was read from; may be {@code null} outside Kafka
 */
public record IncomingEvent(String id, String type, String source, String subject, String correlationId, String specVersion,
                            String time, String key, String topic) {

    public static IncomingEvent of(Message<?> message) {
        String correlationId = attribute(message, CloudEventPublisher.CORRELATION_ID_ATTRIBUTE);
        String key = header(message, KafkaHeaders.RECEIVED_KEY);
        return new IncomingEvent(attribute(message, "id"), attribute(message, "type"), attribute(message, "source"),
                firstNonNull(attribute(message, "subject"), key),
                correlationId != null ? correlationId : Correlation.currentOrNew(), attribute(message, "specversion"),
                attribute(message, "time"), key, header(message, KafkaHeaders.RECEIVED_TOPIC));
    }

    /**
     * A CloudEvent attribute: on the wire it is {@code ce_<name>}; Spring Cloud Function hands functions the
     * canonical {@code ce-<name>}. Both are read.
     */
    public static String attribute(Message<?> message, String name) {
        String value = header(message, CloudEventMessageUtils.DEFAULT_ATTR_PREFIX + name);
        return value != null ? value : header(message, CloudEventMessageUtils.KAFKA_ATTR_PREFIX + name);
    }

    /** Runs {@code handler} on the payload with the event's correlation id current. */
    public static <T, R> R handle(Message<T> message, Function<T, R> handler) {
        IncomingEvent event = of(message);
        return Correlation.with(event.correlationId(), () -> handler.apply(message.getPayload()));
    }

    /** A header's value as text, whether the binder hands it over as text or as raw bytes. */
    public static String header(Message<?> message, String name) {
        Object value = message.getHeaders().get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    /** The type without the {@code bricklayer.<area>.} prefix, for log lines: {@code UserJoined.v1}. */
    public String shortType() {
        if (type == null) {
            return "(no ce_type)";
        }
        String[] parts = type.split("\\.");
        return parts.length >= 4 && "bricklayer".equals(parts[0]) ? parts[2] + "." + parts[3] : type;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
