package dev.bricklayer.common.messaging;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Publishes an event as a CloudEvent (Kafka binding, binary mode) to a topic.
 * The returned {@link Mono} completes only when Kafka has acknowledged the record.
 */
public interface EventPublisher {

    /**
     * @param topic   the Kafka topic
     * @param key     the record key (workspace name, employee id, ...)
     * @param payload the event record; its CloudEvent type is derived from its class
     */
    Mono<Void> publish(String topic, String key, Object payload);

    /**
     * Sends a message that can never be processed, unchanged, to a dead-letter topic, with its original headers and
     * the reason in {@value #REASON_HEADER} — the header the Kafka binder's own dead-lettering writes — so that one
     * reader serves both. For consumers that cannot let the binder do it (batch listeners).
     *
     * @param topic   the dead-letter topic, e.g. {@code bricklayer.audit.api-calls.dlq}
     * @param key     the original key; may be {@code null}
     * @param body    the original body, as received
     * @param headers the original headers (text values); may be empty
     * @param reason  why it can never be processed: the field and the rule broken
     */
    Mono<Void> deadLetter(String topic, String key, byte[] body, Map<String, String> headers, String reason);

    /** The header carrying a dead letter's reason. */
    String REASON_HEADER = "x-exception-message";
}
