package dev.bricklayer.platform.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every event the services publish, read from their topics as they come: what the demo's progress and report count,
 * and what end-to-end tests assert on.
 */
public final class EventTally implements AutoCloseable {

    /** One event: its {@code ce_type} name (e.g. {@code WorkspaceReady}), key, body and when it was read here. */
    public record Event(String topic, String type, String key, JsonNode body, java.time.Instant received) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final ObjectMapper mapper;
    // a queue, not a copy-on-write list: a benchmark reads tens of thousands of events (audit records included)
    private final java.util.Queue<Event> events = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean running = true;

    public EventTally(String bootstrapServers, List<String> topics, ObjectMapper mapper) {
        this.mapper = mapper;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bricklayer-demo-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        reader = new Thread(this::read, "event-tally");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(new Event(record.topic(), typeName(record), record.key(), body(record.value()), java.time.Instant.now()));
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static String typeName(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader("ce_type");
        if (header == null) {
            return "?";
        }
        String type = new String(header.value(), StandardCharsets.UTF_8); // bricklayer.<area>.<Name>.v<N>
        String[] parts = type.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : type;
    }

    private JsonNode body(byte[] value) {
        try {
            return value == null ? mapper.nullNode() : mapper.readTree(value);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(new String(value, StandardCharsets.UTF_8));
        }
    }

    /** Events of {@code type} (simple name) so far. */
    public List<Event> of(String type) {
        List<Event> found = new ArrayList<>();
        for (Event event : events) {
            if (event.type().equals(type)) {
                found.add(event);
            }
        }
        return found;
    }

    public long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    public long count(String type, Predicate<Event> test) {
        return events.stream().filter(e -> e.type().equals(type)).filter(test).count();
    }

    public List<Event> all() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
