package dev.bricklayer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.testsupport.EmbeddedKafka;

/** What identity-service published, read back from the embedded broker: records, identity events, headers, JSON. */
public abstract class IdentityEvents {

    protected static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    protected static List<ConsumerRecord<String, byte[]>> records(String topic) {
        return EmbeddedKafka.records(topic, 0, Duration.ofMillis(300));
    }

    /** Identity events of a type with a key, as JSON. */
    protected static List<JsonNode> events(String key, String type) {
        return records(IdentityTopics.EVENTS).stream()
                .filter(r -> key.equals(r.key()) && header(r, "ce_type").equals("bricklayer.identity." + type + ".v1"))
                .map(r -> json(r.value())).toList();
    }

    protected static List<JsonNode> awaitEvent(String key, String type, int count) {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(events(key, type)).hasSizeGreaterThanOrEqualTo(count));
        return events(key, type);
    }

    /** Identity events about one employee (people events are keyed by workspace: filtered on the body). */
    protected static List<JsonNode> eventsOf(String employeeId, String type) {
        return records(IdentityTopics.EVENTS).stream()
                .filter(r -> header(r, "ce_type").equals("bricklayer.identity." + type + ".v1"))
                .map(r -> json(r.value())).filter(n -> employeeId.equals(n.path("employeeId").asText())).toList();
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    protected static JsonNode json(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
