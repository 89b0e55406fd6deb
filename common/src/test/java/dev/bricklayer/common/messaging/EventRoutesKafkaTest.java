package dev.bricklayer.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * Routes bound to a real KRaft broker: a tombstone and a batch of bad messages go to the dead-letter topic at once,
 * each with its reason as the whole of {@code x-exception-message}, and a valid event right behind them is handled.
 */
@SpringBootTest(classes = EventRoutesKafkaTest.RoutedApp.class, properties = {
        "spring.main.web-application-type=none",
        "spring.application.name=routed-service",
        "spring.cloud.function.definition=routed",
        "spring.cloud.stream.bindings.routed-in-0.destination=" + EventRoutesKafkaTest.IN,
        "spring.cloud.stream.bindings.routed-in-0.group=routed-test",
        "spring.cloud.stream.kafka.bindings.routed-in-0.consumer.dlq-name=" + EventRoutesKafkaTest.DLQ})
class EventRoutesKafkaTest {

    static final String IN = "test.routes.in";
    static final String DLQ = "test.routes.in.dlq";
    static final List<UserLeft> HANDLED = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(IN, DLQ);
        registry.add("spring.kafka.bootstrap-servers", EmbeddedKafka::bootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", EmbeddedKafka::bootstrapServers);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RoutedApp {
        @Bean
        Consumer<Message<byte[]>> routed(EventRouting routing) {
            return routing.binding("routed-in-0")
                    .on(UserLeft.class, (left, incoming) -> HANDLED.add(left))
                    .carried(HrTopics.PEOPLE_TYPES)
                    .keyedBy("/employeeId", "employee id")
                    .build();
        }
    }

    @Autowired
    EventPublisher publisher;

    @Test
    void badMessagesAreDeadLetteredAtOnceAndAValidOneBehindThemIsHandled() {
        UserLeft valid = new UserLeft("E-42", "leaver@contoso.com", LocalDate.of(2026, 11, 30), Instant.parse("2026-11-30T09:00:00Z"));
        int bad = 150;
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            raw.send(new ProducerRecord<>(IN, "E-41", null));
            for (int i = 0; i < bad - 1; i++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(IN, "E-" + i, "{\"employeeId\":".getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                        .add("ce_id", ("bad-" + i).getBytes(StandardCharsets.UTF_8))
                        .add("ce_source", "/hr".getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", EventTypes.of(UserLeft.class).getBytes(StandardCharsets.UTF_8));
                raw.send(record);
            }
            raw.flush();
        }
        Instant sent = Instant.now();
        publisher.publish(IN, "E-42", valid).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(60)).until(() -> HANDLED.contains(valid));
        Duration behindTheBadOnes = Duration.between(sent, Instant.now());
        assertThat(behindTheBadOnes).isLessThan(Duration.ofSeconds(5));

        List<ConsumerRecord<String, byte[]>> dead = EmbeddedKafka.records(DLQ, bad, Duration.ofSeconds(30));
        assertThat(dead).hasSize(bad);
        assertThat(reason(dead.get(0))).startsWith("tombstone: / [tombstone]");
        assertThat(dead.subList(1, bad)).allSatisfy(record ->
                assertThat(reason(record)).startsWith("json: / [json] the message body is not valid JSON"));
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(EventPublisher.REASON_HEADER).value(), StandardCharsets.UTF_8);
    }
}
