package dev.bricklayer.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.FieldError;

/**
 * One consumer binding's routing: the message's CloudEvents 1.0 envelope is checked, its {@code ce_type} picks the
 * handler, its body is read strictly ({@link EventReader}) and, where the contract says the Kafka key is a body
 * field, the key is checked against it. Types the topic carries that are not this binding's business are
 * acknowledged and left alone; any other type — unknown, missing, or one the topic does not carry — is refused.
 *
 * <p>A message that can never be processed ({@link UnprocessableEventException}, thrown here or by a handler, and a
 * storage error that no retry mends) is refused at once: one WARN line with the correlation id, the event id and
 * the reason; the binding's rejection announcement (a {@code …Rejected} event) where it has one; the message,
 * unchanged, on the binding's dead-letter topic with the reason in {@value EventPublisher#REASON_HEADER}; then the
 * consumer goes on. Any other failure is left to the binder, which retries it and dead-letters it after its
 * attempts.
 *
 * <p>Built with {@link EventRouting#binding(String)}.
 */
public final class EventRoutes implements Consumer<Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** Handles one event of a type. */
    @FunctionalInterface
    public interface Handler<T> {
        void handle(T event, IncomingEvent incoming);
    }

    /** A refused message, for the binding's announcement: the envelope, the body as far as it could be read, why. */
    public record Rejection(IncomingEvent event, JsonNode body, UnprocessableEventException error) {

        /** The text at a JSON pointer of the body, or {@code null}. */
        public String text(String pointer) {
            return EventReader.text(body, pointer);
        }
    }

    private record Route<T>(Class<T> type, Handler<T> handler) {
        void run(EventReader reader, String ceType, JsonNode body, IncomingEvent incoming) {
            handler.handle(reader.read(ceType, body, type), incoming);
        }
    }

    private final String binding;
    private final String deadLetterTopic;
    private final Map<String, Route<?>> routes;
    private final Set<String> skipped;
    private final String keyPointer;
    private final String keyName;
    private final Consumer<Rejection> announce;
    private final EventReader reader;
    private final EventPublisher publisher;

    private EventRoutes(Builder builder) {
        this.binding = builder.binding;
        this.deadLetterTopic = builder.deadLetterTopic;
        this.routes = Map.copyOf(builder.routes);
        this.skipped = Set.copyOf(builder.skipped);
        this.keyPointer = builder.keyPointer;
        this.keyName = builder.keyName;
        this.announce = builder.announce;
        this.reader = builder.reader;
        this.publisher = builder.publisher;
    }

    /** The dead-letter topic refused messages go to. */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    @Override
    public void accept(Message<byte[]> message) {
        IncomingEvent event = IncomingEvent.of(message);
        Correlation.run(event.correlationId(), () -> route(message, event));
    }

    private void route(Message<byte[]> message, IncomingEvent event) {
        Object payload = message.getPayload(); // a tombstone arrives as KafkaNull, whatever the declared type
        JsonNode body = null;
        try {
            EventReader.requireBody(payload);
            List<FieldError> envelope = CloudEventEnvelope.check(event);
            if (!envelope.isEmpty()) {
                throw new UnprocessableEventException("envelope", envelope);
            }
            Route<?> route = routes.get(event.type());
            if (route == null) {
                if (skipped.contains(event.type())) {
                    log.debug("{} {} is not {}'s business", event.shortType(), event.id(), binding);
                    return;
                }
                throw UnprocessableEventException.unknownType(event.type(), known());
            }
            body = reader.tree(payload);
            checkKey(event, body);
            route.run(reader, event.type(), body, event);
        } catch (UnprocessableEventException e) {
            refuse(message, event, body, e);
        } catch (NonTransientDataAccessException e) {
            String detail = e.getMostSpecificCause().getMessage();
            refuse(message, event, body, new UnprocessableEventException("storage", "/", "storage", "the event cannot be stored: "
                    + (detail == null ? e.getClass().getSimpleName() : detail.lines().findFirst().orElse(""))));
        }
    }

    private void checkKey(IncomingEvent event, JsonNode body) {
        if (keyPointer == null) {
            return;
        }
        String expected = EventReader.text(body, keyPointer);
        if (expected == null) {
            return; // the schema names the missing field
        }
        if (event.key() == null) {
            throw new UnprocessableEventException("key", "key", "key", "the Kafka key must be the " + keyName + " (" + expected
                    + "), and the message has none");
        }
        if (!event.key().equals(expected)) {
            throw new UnprocessableEventException("key", "key", "key", "the Kafka key must be the " + keyName + " (" + expected
                    + "), and it is '" + event.key() + "'");
        }
    }

    private void refuse(Message<byte[]> message, IncomingEvent event, JsonNode body, UnprocessableEventException error) {
        log.warn("{} {} (key {}) refused on {}: {}", event.shortType(), event.id(), event.key(), binding, error.getMessage());
        if (announce != null) {
            try {
                announce.accept(new Rejection(event, body, error));
            } catch (RuntimeException e) {
                log.error("{} {}: its rejection could not be announced: {}", event.shortType(), event.id(), e.toString());
            }
        }
        Object payload = message.getPayload();
        publisher.deadLetter(deadLetterTopic, event.key(), payload instanceof byte[] bytes ? bytes : null, headers(message),
                error.getMessage()).block(SEND_TIMEOUT);
    }

    /** The original CloudEvent attributes (as {@code ce_*}) and where the message came from. */
    private static Map<String, String> headers(Message<?> message) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if ((name.startsWith("ce_") || name.startsWith("ce-")) && value != null) {
                headers.put("ce_" + name.substring(3), value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : value.toString());
            }
        });
        put(headers, "x-original-topic", message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
        put(headers, "x-original-partition", message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION));
        put(headers, "x-original-offset", message.getHeaders().get(KafkaHeaders.OFFSET));
        headers.put("x-exception-fqcn", UnprocessableEventException.class.getName());
        return headers;
    }

    private static void put(Map<String, String> headers, String name, Object value) {
        if (value != null) {
            headers.put(name, value.toString());
        }
    }

    private Set<String> known() {
        Set<String> known = new LinkedHashSet<>(routes.keySet());
        known.addAll(skipped);
        return known;
    }

    /** Builds one binding's routes. */
    public static final class Builder {

        private final String binding;
        private final String deadLetterTopic;
        private final EventReader reader;
        private final EventPublisher publisher;
        private final Map<String, Route<?>> routes = new LinkedHashMap<>();
        private final Set<String> skipped = new LinkedHashSet<>();
        private String keyPointer;
        private String keyName;
        private Consumer<Rejection> announce;

        Builder(String binding, String deadLetterTopic, EventReader reader, EventPublisher publisher) {
            this.binding = binding;
            this.deadLetterTopic = deadLetterTopic;
            this.reader = reader;
            this.publisher = publisher;
        }

        /** Events of {@code type} (its {@code ce_type}, see {@link EventTypes}) go to {@code handler}. */
        public <T> Builder on(Class<T> type, Handler<T> handler) {
            routes.put(EventTypes.of(type), new Route<>(type, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /**
         * The event types the binding's topics carry (e.g. {@code WorkspaceTopics.EVENT_TYPES}): those without a
         * handler are acknowledged and left alone; a type outside them and the handled ones is refused.
         */
        public Builder carried(Collection<Class<?>> types) {
            types.forEach(type -> skipped.add(EventTypes.of(type)));
            return this;
        }

        /**
         * The contract's key: the Kafka key must equal the body's field at {@code pointer} (e.g. {@code /employeeId}).
         */
        public Builder keyedBy(String pointer, String name) {
            this.keyPointer = pointer;
            this.keyName = name;
            return this;
        }

        /** How a refused message is announced (a {@code …Rejected} event), before it goes to the dead-letter topic. */
        public Builder announceRejections(Consumer<Rejection> announce) {
            this.announce = announce;
            return this;
        }

        public EventRoutes build() {
            if (routes.isEmpty()) {
                throw new IllegalStateException("binding " + binding + " routes no event type");
            }
            List<String> both = new ArrayList<>(routes.keySet());
            both.retainAll(skipped);
            skipped.removeAll(both);
            return new EventRoutes(this);
        }
    }
}
