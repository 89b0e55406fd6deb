package dev.bricklayer.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * The corpus of bad HR messages ({@link HrCorpus}) against a binding routed as identity-service and token-service route
 * {@code hr.people.events}, on a real broker: each bad message is followed by a valid leaver; every bad one must reach
 * the dead-letter topic with the reason first and the field and rule named, and every valid one must be handled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(classes = HrTopicCorpusTest.CorpusApp.class, properties = {
        "spring.main.web-application-type=none",
        "spring.application.name=corpus-service",
        "spring.cloud.function.definition=people",
        "spring.cloud.stream.bindings.people-in-0.destination=" + HrTopicCorpusTest.IN,
        "spring.cloud.stream.bindings.people-in-0.group=corpus-test",
        "spring.cloud.stream.kafka.bindings.people-in-0.consumer.dlq-name=" + HrTopicCorpusTest.DLQ})
class HrTopicCorpusTest {

    static final String IN = "test.hr.corpus";
    static final String DLQ = "test.hr.corpus.dlq";
    static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(IN, DLQ);
        registry.add("spring.kafka.bootstrap-servers", EmbeddedKafka::bootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", EmbeddedKafka::bootstrapServers);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class CorpusApp {
        @Bean
        Consumer<Message<byte[]>> people(EventRouting routing) {
            return routing.binding("people-in-0")
                    .on(UserJoined.class, (joined, incoming) -> HANDLED.add(joined.employeeId()))
                    .on(UserMoved.class, (moved, incoming) -> HANDLED.add(moved.employeeId()))
                    .on(UserLeft.class, (left, incoming) -> HANDLED.add(left.employeeId()))
                    .carried(HrTopics.PEOPLE_TYPES)
                    .keyedBy("/employeeId", "employee id")
                    .build();
        }
    }

    final List<HrCorpus.Case> cases = HrCorpus.all();
    /** The offset each case was written at → its dead letter's reason. */
    final Map<Long, HrCorpus.Case> sentAt = new LinkedHashMap<>();
    final Map<Long, String> reasons = new HashMap<>();
    final List<String> validOnes = new ArrayList<>();

    @BeforeAll
    void sendTheCorpusEachBadMessageFollowedByAValidOne() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            int n = 0;
            for (HrCorpus.Case bad : cases) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(IN, bad.key(), bad.body());
                Map<String, String> headers = new LinkedHashMap<>(Map.of("ce_specversion", "1.0", "ce_id", "bad-" + n, "ce_source", "/hr",
                        "ce_type", bad.type()));
                headers.putAll(bad.headers());
                headers.forEach((name, value) -> {
                    if (value != null) {
                        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
                    }
                });
                sentAt.put(producer.send(record).get().offset(), bad);
                String validId = "OK-" + n++;
                byte[] valid = HrCorpus.JSON.writeValueAsBytes(new UserLeft(validId, validId.toLowerCase() + "@contoso.com",
                        LocalDate.of(2026, 11, 30), Instant.parse("2026-11-30T09:00:00Z")));
                ProducerRecord<String, byte[]> good = new ProducerRecord<>(IN, validId, valid);
                Map.of("ce_specversion", "1.0", "ce_id", "good-" + validId, "ce_source", "/hr", "ce_type", HrCorpus.LEFT)
                        .forEach((name, value) -> good.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                producer.send(good);
                validOnes.add(validId);
            }
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> HANDLED.containsAll(validOnes));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            for (ConsumerRecord<String, byte[]> dead : EmbeddedKafka.records(DLQ, cases.size(), Duration.ofSeconds(10))) {
                reasons.put(Long.parseLong(header(dead, "x-original-offset")), header(dead, EventPublisher.REASON_HEADER));
            }
            assertThat(reasons).hasSize(cases.size());
        });
    }

    @TestFactory
    Stream<DynamicTest> everyBadMessageIsDeadLetteredWithItsReasonAndField() {
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        return sentAt.entrySet().stream().map(sent -> DynamicTest.dynamicTest(sent.getValue().name(), () -> {
            String reason = reasons.get(sent.getKey());
            assertThat(reason).as("dead letter of '%s'", sent.getValue().name()).isNotNull()
                    .startsWith(sent.getValue().reason() + ": ").contains(sent.getValue().field());
        }));
    }

    @TestFactory
    Stream<DynamicTest> theValidMessageAfterEachBadOneIsHandled() {
        return validOnes.stream().map(id -> DynamicTest.dynamicTest(id, () -> assertThat(HANDLED).contains(id)));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
