package dev.bricklayer.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * A Spring Cloud Stream functional consumer bound to a real KRaft broker receives a CloudEvent and publishes
 * one of its own: the outgoing event and the handler's log line carry the incoming correlation id.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = FunctionalBindingCorrelationTest.RelayApp.class, properties = {
        "spring.main.web-application-type=none",
        "spring.application.name=relay-service",
        "spring.cloud.function.definition=relay",
        "spring.cloud.stream.bindings.relay-in-0.destination=test.relay.in",
        "spring.cloud.stream.bindings.relay-in-0.group=relay-test",
        // a binding that lets Spring Cloud Function convert the body to a record opts out of the services' native decoding
        "spring.cloud.stream.bindings.relay-in-0.consumer.use-native-decoding=false"})
class FunctionalBindingCorrelationTest {

    static final String IN = "test.relay.in";
    static final String OUT = "test.relay.out";
    private static final Logger log = LoggerFactory.getLogger(FunctionalBindingCorrelationTest.class);

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(IN, OUT);
        registry.add("spring.kafka.bootstrap-servers", EmbeddedKafka::bootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", EmbeddedKafka::bootstrapServers);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RelayApp {
        @Bean
        Consumer<Message<UserLeft>> relay(EventPublisher publisher) {
            return message -> IncomingEvent.handle(message, left -> {
                log.info("relaying leaver {}", left.employeeId());
                return publisher.publish(OUT, left.employeeId(), left).block(Duration.ofSeconds(10));
            });
        }
    }

    @Autowired
    EventPublisher publisher;

    @Test
    void theIncomingCorrelationIdIsOnTheOutgoingEventAndInTheLogLine(CapturedOutput output) {
        UserLeft left = new UserLeft("E-9001", "leaver@example.com", LocalDate.of(2026, 11, 24), Instant.parse("2026-11-24T09:00:00Z"));

        Correlation.run("corr-relay-1", () -> publisher.publish(IN, "E-9001", left).block(Duration.ofSeconds(10)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> out = EmbeddedKafka.records(OUT, 1, Duration.ofMillis(500));
            assertThat(out).hasSize(1);
            assertThat(new String(out.get(0).headers().lastHeader("ce_correlationid").value(), StandardCharsets.UTF_8))
                    .isEqualTo("corr-relay-1");
            assertThat(new String(out.get(0).headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8))
                    .isEqualTo("/bricklayer/relay-service");
        });
        assertThat(output.getAll()).containsPattern("\\[corr-relay-1\\].*relaying leaver E-9001");
    }
}
