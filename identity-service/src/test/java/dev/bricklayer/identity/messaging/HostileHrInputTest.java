package dev.bricklayer.identity.messaging;

import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
 * A valid joiner behind 150 hostile HR messages — tombstones, NUL characters, unknown types, keys that are not the
 * employee id or missing, 20,000 unknown properties, future dates, non-ASCII user names, broken envelopes, another
 * person's user name, keyless garbage — is provisioned within seconds: each bad one goes to the dead-letter topic at
 * once with its reason first, is announced as {@code HrEventRejected} where the body named an employee, and is
 * never retried.
 */
class HostileHrInputTest extends IdentityServiceTestBase {

    private static final Instant T0 = Instant.parse("2025-12-02T08:00:00Z");

    /** One hostile message and what becomes of it. */
    private record Hostile(String ceId, String key, String ceType, byte[] body, boolean envelope, String reason, String employeeId) {
    }

    @Test
    void aValidJoinerBehind150HostileMessagesIsProvisionedWithinFiveSecondsAndEveryBadOneIsDeadLetteredWithItsReason() throws Exception {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-hostile"), internal(), blueprint("standard"));
        join("E-HX0", seniorDataEngineer(), T0); // known: its userName is taken
        awaitActive(standard, userName("E-HX0"), "data-engineers");
        List<Hostile> hostile = hostileMessages();
        assertThat(hostile).hasSize(150);

        send(hostile);
        long published = System.nanoTime();
        join("E-HXOK", seniorDataEngineer(), T0);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> user(standard, userName("E-HXOK")).filter(u -> u.active() && u.groups().contains("data-engineers")).isPresent());
        double waited = (System.nanoTime() - published) / 1e9;

        System.out.printf("%n=== a valid joiner behind %d hostile HR messages was provisioned %.2f s after it was published ===%n%n",
                hostile.size(), waited);
        assertThat(waited).as("seconds from publication to provisioned").isLessThan(5.0);

        Map<String, Hostile> byId = new HashMap<>();
        hostile.forEach(h -> byId.put(h.ceId(), h));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters(byId)).hasSize(hostile.size()));
        for (ConsumerRecord<String, byte[]> dead : deadLetters(byId)) {
            Hostile sent = byId.get(header(dead, "ce_id"));
            assertThat(header(dead, "x-exception-message")).as("reason of %s", sent.reason() + " " + sent.ceId()).startsWith(sent.reason() + ": ");
            assertThat(dead.key()).isEqualTo(sent.key());
        }
        assertThat(deadLetters(byId)).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
        Map<String, JsonNode> rejections = new HashMap<>();
        records(IdentityTopics.EVENTS).stream().filter(r -> header(r, "ce_type").equals("bricklayer.identity.HrEventRejected.v1"))
                .map(r -> json(r.value())).filter(r -> byId.containsKey(r.path("messageId").asText()))
                .forEach(r -> rejections.put(r.get("messageId").asText(), r));
        for (Hostile sent : hostile) {
            if (sent.employeeId() != null) {
                assertThat(rejections).as("rejection of %s %s", sent.reason(), sent.ceId()).containsKey(sent.ceId());
                JsonNode rejected = rejections.get(sent.ceId());
                assertThat(rejected.get("employeeId").asText()).isEqualTo(sent.employeeId());
                assertThat(rejected.get("reason").asText()).isEqualTo(sent.reason());
                assertThat(rejected.get("errors").size()).isLessThanOrEqualTo(21);
            }
        }
        assertThat(people.find("E-HF1")).as("a joiner dated in the future is not applied").isEmpty();
        assertThat(user(standard, userName("E-HX0"))).get().satisfies(u -> assertThat(u.active()).isTrue());
    }

    private List<Hostile> hostileMessages() {
        List<Hostile> hostile = new ArrayList<>();
        String joined = "bricklayer.hr.UserJoined.v1";
        String left = "bricklayer.hr.UserLeft.v1";
        for (int i = 0; i < 20; i++) {
            hostile.add(new Hostile(id(), "E-HT" + i, joined, null, true, "tombstone", null));
            ObjectNode nul = body("E-HN" + i);
            nul.put("displayName", "Eve\u0000" + i);
            hostile.add(new Hostile(id(), "E-HN" + i, joined, bytes(nul.toString()), true, "encoding", "E-HN" + i));
            hostile.add(new Hostile(id(), "E-HU" + i, "bricklayer.hr.UserPromoted.v1", bytes(body("E-HU" + i).toString()), true,
                    "unknown-type", "E-HU" + i));
            hostile.add(new Hostile(id(), "someone-else-" + i, joined, bytes(body("E-HK" + i).toString()), true, "key", "E-HK" + i));
            ObjectNode future = body("E-HF" + i);
            future.put("occurredAt", "2999-01-01T00:00:00Z");
            hostile.add(new Hostile(id(), "E-HF" + i, joined, bytes(future.toString()), true, "future", "E-HF" + i));
        }
        for (int i = 0; i < 10; i++) {
            hostile.add(new Hostile(id(), null, joined, bytes(body("E-HL" + i).toString()), true, "key", "E-HL" + i));
            hostile.add(new Hostile(id(), null, joined, bytes("{\"employeeId\": nope"), true, "json", null));
            ObjectNode accented = body("E-HA" + i);
            accented.put("userName", "j\u00f6rg" + i + "@contoso.com");
            hostile.add(new Hostile(id(), "E-HA" + i, joined, bytes(accented.toString()), true, "schema", "E-HA" + i));
            String leaver = "{\"employeeId\":\"E-HC" + i + "\",\"userName\":\"" + userName("E-HX0") + "\",\"leftDate\":\"2025-12-01\","
                    + "\"occurredAt\":\"2025-12-01T09:00:00Z\"}";
            hostile.add(new Hostile(id(), "E-HC" + i, left, bytes(leaver), true, "conflict", "E-HC" + i));
        }
        for (int i = 0; i < 8; i++) {
            hostile.add(new Hostile(id(), "E-HE" + i, joined, bytes(body("E-HE" + i).toString()), false, "envelope", "E-HE" + i));
        }
        for (int i = 0; i < 2; i++) {
            ObjectNode huge = body("E-HP" + i);
            for (int p = 0; p < 20_000; p++) {
                huge.put("p" + p, p);
            }
            hostile.add(new Hostile(id(), "E-HP" + i, joined, bytes(huge.toString()), true, "schema", "E-HP" + i));
        }
        return hostile;
    }

    private ObjectNode body(String employeeId) {
        return MAPPER.valueToTree(joined(employeeId, seniorDataEngineer(), T0));
    }

    private static void send(List<Hostile> hostile) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000), new StringSerializer(), new ByteArraySerializer())) {
            for (Hostile message : hostile) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(HrTopics.PEOPLE, message.key(), message.body());
                if (message.envelope()) {
                    record.headers().add("ce_specversion", bytes("1.0"));
                }
                record.headers().add("ce_id", bytes(message.ceId()));
                record.headers().add("ce_source", bytes("/hr/workday"));
                record.headers().add("ce_type", bytes(message.ceType()));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(Map<String, Hostile> sent) {
        return EmbeddedKafka.records(HR_DEAD_LETTERS, 0, Duration.ofMillis(300)).stream()
                .filter(r -> sent.containsKey(header(r, "ce_id"))).toList();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
