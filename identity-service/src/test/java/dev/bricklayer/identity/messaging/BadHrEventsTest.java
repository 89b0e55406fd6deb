package dev.bricklayer.identity.messaging;

import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * HR events that can never be applied go to the dead-letter topic with their reason and are announced as
 * {@code HrEventRejected}; the consumer goes on. A leaver never seen is not one of them: it is remembered.
 */
class BadHrEventsTest extends IdentityServiceTestBase {

    private static final String DLQ = HR_DEAD_LETTERS;
    private static final Instant T0 = Instant.parse("2025-07-01T08:00:00Z");

    @Test
    void badEventsAreDeadLetteredWithFieldAndRuleAnnouncedAndTheNextEventIsServed() throws Exception {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-bad-hr"), internal(), blueprint("standard"));
        join("E-BD0", seniorDataEngineer(), T0); // known: its userName is taken
        awaitActive(standard, userName("E-BD0"), "data-engineers");

        ObjectNode missing = valid("E-BD1");
        missing.remove("attributes");
        missing.put("nickname", "Bo");
        ObjectNode notAnEmail = valid("E-BD2");
        notAnEmail.put("userName", "jane.doe");
        ObjectNode taken = valid("E-BD5");
        taken.put("userName", userName("E-BD0"));
        String leftUnknown = "{\"employeeId\":\"E-BD4\",\"userName\":\"e-bd4@contoso.com\",\"leftDate\":\"2025-07-01\","
                + "\"occurredAt\":\"2025-07-01T08:00:00Z\"}";
        send("E-BD1", "bricklayer.hr.UserJoined.v1", missing.toString());
        send("E-BD2", "bricklayer.hr.UserJoined.v1", notAnEmail.toString());
        send("E-BD3", "bricklayer.hr.UserPromoted.v1", valid("E-BD3").toString());
        send("E-BD4", "bricklayer.hr.UserLeft.v1", leftUnknown);
        send("E-BD5", "bricklayer.hr.UserJoined.v1", taken.toString());
        send("E-BD6", "bricklayer.hr.UserJoined.v1", "{not json");
        join("E-BD7", seniorDataEngineer(), T0); // and a good one after them

        awaitActive(standard, userName("E-BD7"), "data-engineers");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters()).containsKeys("E-BD1", "E-BD2", "E-BD3",
                "E-BD5", "E-BD6"));
        Map<String, ConsumerRecord<String, byte[]>> dead = deadLetters();
        assertThat(reason(dead.get("E-BD1"))).contains("/attributes [required]").contains("/nickname [additionalProperties]");
        assertThat(reason(dead.get("E-BD2"))).contains("/userName [format]");
        assertThat(reason(dead.get("E-BD3"))).contains("ce_type [unknown-type]").contains("bricklayer.hr.UserPromoted.v1");
        assertThat(reason(dead.get("E-BD5"))).contains("/userName [unique]").contains("E-BD0");
        assertThat(reason(dead.get("E-BD6"))).contains("/ [json]");
        assertThat(new String(dead.get("E-BD2").value(), StandardCharsets.UTF_8)).isEqualTo(notAnEmail.toString());
        assertThat(header(dead.get("E-BD2"), "ce_type")).isEqualTo("bricklayer.hr.UserJoined.v1");
        // a leaver never seen is remembered as one who left, not refused
        assertThat(dead).doesNotContainKey("E-BD4");
        assertThat(people.find("E-BD4")).get().satisfies(leaver -> {
            assertThat(leaver.active()).isFalse();
            assertThat(leaver.lastEventType()).isEqualTo("UserLeft");
        });

        List<JsonNode> rejected = rejections();
        assertThat(rejected).anySatisfy(r -> {
            assertThat(r.get("employeeId").asText()).isEqualTo("E-BD2");
            assertThat(r.get("reason").asText()).isEqualTo("schema");
            assertThat(r.get("errors").get(0).get("field").asText()).isEqualTo("/userName");
            assertThat(r.get("errors").get(0).get("rule").asText()).isEqualTo("format");
        }).anySatisfy(r -> {
            assertThat(r.get("employeeId").asText()).isEqualTo("E-BD3");
            assertThat(r.get("reason").asText()).isEqualTo("unknown-type");
            assertThat(r.get("eventType").asText()).isEqualTo("bricklayer.hr.UserPromoted.v1");
        }).anySatisfy(r -> {
            assertThat(r.get("employeeId").asText()).isEqualTo("E-BD5");
            assertThat(r.get("reason").asText()).isEqualTo("conflict");
        }).noneSatisfy(r -> assertThat(r.get("employeeId").asText()).isEqualTo("E-BD4"));
        assertThat(people.find("E-BD1")).isEmpty();
        assertThat(user(standard, userName("E-BD5"))).isEmpty();
    }

    @Test
    void aLeaverNeverSeenCarryingAnotherPersonsUserNameIsRefusedAsAConflictAtOnce() throws Exception {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-bad-lv"), internal(), blueprint("standard"));
        join("E-BD8", seniorDataEngineer(), T0);
        awaitActive(standard, userName("E-BD8"), "data-engineers");

        send("E-BD9", "bricklayer.hr.UserLeft.v1", "{\"employeeId\":\"E-BD9\",\"userName\":\"" + userName("E-BD8") + "\","
                + "\"leftDate\":\"2025-07-01\",\"occurredAt\":\"2025-07-01T09:00:00Z\"}");
        join("E-BD10", seniorDataEngineer(), T0); // a good one after it

        awaitActive(standard, userName("E-BD10"), "data-engineers");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters()).containsKey("E-BD9"));
        List<ConsumerRecord<String, byte[]>> refused = EmbeddedKafka.records(DLQ, 0, Duration.ofMillis(300)).stream()
                .filter(r -> "E-BD9".equals(r.key())).toList();
        assertThat(refused).as("refused at once, not retried into the dead-letter topic").singleElement()
                .satisfies(r -> assertThat(reason(r)).startsWith("conflict: /userName [unique]").contains("E-BD8"));
        assertThat(rejections()).anySatisfy(r -> {
            assertThat(r.get("employeeId").asText()).isEqualTo("E-BD9");
            assertThat(r.get("reason").asText()).isEqualTo("conflict");
            assertThat(r.get("errors").get(0).get("field").asText()).isEqualTo("/userName");
            assertThat(r.get("errors").get(0).get("rule").asText()).isEqualTo("unique");
        });
        assertThat(people.find("E-BD9")).isEmpty();
        assertThat(user(standard, userName("E-BD8"))).get().satisfies(u -> assertThat(u.active()).isTrue());
    }

    private static List<JsonNode> rejections() {
        return records(IdentityTopics.EVENTS).stream()
                .filter(r -> header(r, "ce_type").equals("bricklayer.identity.HrEventRejected.v1")).map(r -> json(r.value())).toList();
    }

    private static Map<String, ConsumerRecord<String, byte[]>> deadLetters() {
        Map<String, ConsumerRecord<String, byte[]>> byKey = new java.util.HashMap<>();
        EmbeddedKafka.records(DLQ, 0, Duration.ofMillis(300)).forEach(r -> byKey.put(r.key(), r));
        return byKey;
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return header(record, "x-exception-message");
    }

    private ObjectNode valid(String employeeId) {
        return (ObjectNode) MAPPER.valueToTree(joined(employeeId, seniorDataEngineer(), T0));
    }

    private static void send(String key, String ceType, String body) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(HrTopics.PEOPLE, key, body.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "/hr/workday".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_subject", key.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }
}
