package dev.bricklayer.common.messaging;

import org.springframework.core.env.Environment;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.schema.EventSchemaValidator;

/**
 * Where every service's consumer bindings get their routes ({@link EventRoutes}): one strict reader, one publisher
 * for rejections and dead letters, and each binding's dead-letter topic read from the binding's own configuration
 * ({@code spring.cloud.stream.kafka.bindings.<binding>.consumer.dlq-name}) — the topic the binder also uses for
 * failures it gave up retrying, so a binding names its dead-letter topic once.
 */
public final class EventRouting {

    private final EventReader reader;
    private final EventPublisher publisher;
    private final Environment environment;

    public EventRouting(ObjectMapper mapper, EventSchemaValidator schemas, EventPublisher publisher, Environment environment) {
        this.reader = new EventReader(mapper, schemas);
        this.publisher = publisher;
        this.environment = environment;
    }

    /**
     * Routes for the consumer binding {@code binding} (e.g. {@code hrEvents-in-0}).
     *
     * @throws IllegalStateException when the binding has no dead-letter topic configured
     */
    public EventRoutes.Builder binding(String binding) {
        String prefix = "spring.cloud.stream.kafka.bindings." + binding + ".consumer.";
        String dlq = environment.getProperty(prefix + "dlq-name", environment.getProperty(prefix + "dlqName"));
        if (dlq == null || dlq.isBlank()) {
            throw new IllegalStateException("Binding " + binding + " has no dead-letter topic: set " + prefix + "dlq-name");
        }
        return new EventRoutes.Builder(binding, dlq, reader, publisher);
    }

    /** The strict reader the routes use. */
    public EventReader reader() {
        return reader;
    }
}
