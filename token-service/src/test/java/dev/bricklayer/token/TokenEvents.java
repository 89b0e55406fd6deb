package dev.bricklayer.token;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.testsupport.EmbeddedKafka;

/** Reads what token-service published, and waits until it has consumed a topic to its end. */
public final class TokenEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenEvents() {
    }

    /** Bodies of the {@code type} events (e.g. {@code TokenRevoked}) on the token topic for one workspace. */
    public static List<JsonNode> of(String workspace, String type) {
        return records(TokenTopics.EVENTS).stream()
                .filter(r -> workspace.equals(r.key()))
                .filter(r -> header(r, "ce_type").equals("bricklayer.token." + type + ".v1"))
                .map(r -> json(r.value())).toList();
    }

    public static List<ConsumerRecord<String, byte[]>> records(String topic) {
        return EmbeddedKafka.records(topic, 0, Duration.ofMillis(300));
    }

    /** The {@code tokenId} of each event. */
    public static Set<String> tokenIds(List<JsonNode> events) {
        return events.stream().map(e -> e.get("tokenId").asText()).collect(Collectors.toSet());
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static JsonNode json(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a raw record with a CloudEvents type header (a producer outside Bricklayer). */
    public static void sendRaw(String topic, String key, String ceType, String body) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "/hr-system".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until consumer group {@code group} has committed every record {@code topic} holds now. */
    public static void awaitConsumed(String group, String topic, Duration timeout) {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
