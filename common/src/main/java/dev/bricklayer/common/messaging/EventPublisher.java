package dev.bricklayer.common.messaging;

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
}
