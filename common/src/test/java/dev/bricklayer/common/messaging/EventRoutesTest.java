package dev.bricklayer.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.mock.env.MockEnvironment;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.BootObjectMapper;
import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.HrEvents;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.schema.EventSchemaValidator;
import reactor.core.publisher.Mono;

/** One binding's routes, called as the binder would: what is handled, what is left alone, what is refused and why. */
class EventRoutesTest {

    static final String DLQ = "hr.people.events.dlq";
    static final ObjectMapper MAPPER = BootObjectMapper.get();

    final RecordingPublisher publisher = new RecordingPublisher();
    final List<Object> handled = new ArrayList<>();
    final List<EventRoutes.Rejection> announced = new ArrayList<>();
    EventRoutes routes;

    @BeforeEach
    void routes() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.cloud.stream.kafka.bindings.hrEvents-in-0.consumer.dlq-name", DLQ);
        routes = new EventRouting(MAPPER, new EventSchemaValidator(MAPPER), publisher, environment).binding("hrEvents-in-0")
                .on(UserJoined.class, (joined, incoming) -> handled.add(joined))
                .carried(HrTopics.PEOPLE_TYPES)
                .keyedBy("/employeeId", "employee id")
                .announceRejections(announced::add)
                .build();
    }

    @Test
    void aValidEventGoesToItsHandler() throws Exception {
        routes.accept(message(UserJoined.class, json(HrEvents.joined()), HrEvents.EMPLOYEE_ID));

        assertThat(handled).containsExactly(HrEvents.joined());
        assertThat(publisher.deadLetters).isEmpty();
    }

    @Test
    void aTypeTheTopicCarriesButNoHandlerTakesIsLeftAlone() throws Exception {
        routes.accept(message(UserLeft.class, json(HrEvents.left()), HrEvents.EMPLOYEE_ID));

        assertThat(handled).isEmpty();
        assertThat(publisher.deadLetters).isEmpty();
    }

    @Test
    void anUnknownTypeIsDeadLetteredWithItsReasonFirst() throws Exception {
        routes.accept(message("bricklayer.hr.UserPromoted.v1", json(HrEvents.joined()), HrEvents.EMPLOYEE_ID));

        assertThat(handled).isEmpty();
        assertThat(publisher.deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(DLQ);
            assertThat(dead.reason()).startsWith("unknown-type: ce_type [unknown-type] 'bricklayer.hr.UserPromoted.v1' is not an event type");
            assertThat(dead.headers()).containsEntry("ce_type", "bricklayer.hr.UserPromoted.v1").containsEntry("x-original-topic", HrTopics.PEOPLE);
            assertThat(new String(dead.body(), StandardCharsets.UTF_8)).isEqualTo(json(HrEvents.joined()));
        });
        assertThat(announced).singleElement().satisfies(rejection -> {
            assertThat(rejection.error().reason()).isEqualTo("unknown-type");
            assertThat(rejection.event().id()).isEqualTo("id-1");
        });
    }

    @Test
    void theCloudEventsEnvelopeIsChecked() throws Exception {
        Message<byte[]> noId = MessageBuilder.fromMessage(message(UserJoined.class, json(HrEvents.joined()), HrEvents.EMPLOYEE_ID))
                .removeHeader("ce_id").setHeader("ce_specversion", "0.3").build();

        routes.accept(noId);

        assertThat(handled).isEmpty();
        assertThat(publisher.deadLetters).singleElement().extracting(DeadLetter::reason).asString()
                .startsWith("envelope: ce_specversion [specversion] must be 1.0, is '0.3'; ce_id [required]");
    }

    @Test
    void aTombstoneIsRefusedNotCrashedOn() {
        Message<?> tombstone = MessageBuilder.withPayload(KafkaNull.INSTANCE).setHeader(KafkaHeaders.RECEIVED_KEY, "E-1").build();
        @SuppressWarnings("unchecked")
        Message<byte[]> asReceived = (Message<byte[]>) tombstone;

        routes.accept(asReceived);

        assertThat(publisher.deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.reason()).startsWith("tombstone:");
            assertThat(dead.body()).isNull();
        });
    }

    @Test
    void theKeyMustBeTheBodysEmployeeId() throws Exception {
        routes.accept(message(UserJoined.class, json(HrEvents.joined()), "E-somebody-else"));
        routes.accept(message(UserJoined.class, json(HrEvents.joined()), null));

        assertThat(handled).isEmpty();
        assertThat(publisher.deadLetters).extracting(DeadLetter::reason).containsExactly(
                "key: key [key] the Kafka key must be the employee id (E-100234), and it is 'E-somebody-else'",
                "key: key [key] the Kafka key must be the employee id (E-100234), and the message has none");
    }

    @Test
    void bodiesThatAreNotStrictJsonAreRefusedWithTheRule() throws Exception {
        String valid = json(HrEvents.joined());
        routes.accept(message(UserJoined.class, valid + " trailing", HrEvents.EMPLOYEE_ID));
        routes.accept(message(UserJoined.class, valid.replace("Ada Lovelace", "Ada\\u0000Lovelace"), HrEvents.EMPLOYEE_ID));
        routes.accept(message(UserJoined.class, "[".repeat(200) + "]".repeat(200), HrEvents.EMPLOYEE_ID));
        routes.accept(message(UserJoined.class, new byte[] {(byte) 0xC3, (byte) 0x28}, HrEvents.EMPLOYEE_ID));

        assertThat(handled).isEmpty();
        assertThat(publisher.deadLetters).extracting(DeadLetter::reason).satisfiesExactly(
                trailing -> assertThat(trailing).startsWith("json: / [json] the message body is not valid JSON"),
                nul -> assertThat(nul).isEqualTo("encoding: /displayName [encoding] contains the NUL character (U+0000), which cannot be stored"),
                deep -> assertThat(deep).startsWith("json: / [json]").contains("nesting depth"),
                notUtf8 -> assertThat(notUtf8).isEqualTo("encoding: / [encoding] the message body is not UTF-8 text"));
    }

    @Test
    void aBodyBreakingTheSchemaIsRefusedWithBoundedErrors() throws Exception {
        StringBuilder body = new StringBuilder(json(HrEvents.joined()));
        body.setLength(body.length() - 1);
        for (int i = 0; i < 20_000; i++) {
            body.append(",\"x").append(i).append("\":1");
        }
        body.append('}');

        routes.accept(message(UserJoined.class, body.toString(), HrEvents.EMPLOYEE_ID));

        assertThat(handled).isEmpty();
        assertThat(announced).singleElement().satisfies(rejection -> {
            assertThat(rejection.error().reason()).isEqualTo("schema");
            assertThat(rejection.error().errors()).hasSize(UnprocessableEventException.MAX_ERRORS + 1);
            assertThat(rejection.error().errors().get(UnprocessableEventException.MAX_ERRORS).message())
                    .isEqualTo((20_000 - UnprocessableEventException.MAX_ERRORS) + " more errors not listed");
        });
        assertThat(publisher.deadLetters).singleElement().extracting(DeadLetter::reason).asString()
                .startsWith("schema: /x0 [additionalProperties]").hasSizeLessThan(20_000);
    }

    @Test
    void whatAHandlerCallsUnprocessableOrAStorageRefusalIsDeadLetteredOtherFailuresAreLeftToTheBinder() throws Exception {
        List<RuntimeException> failures = new ArrayList<>(List.of(
                new UnprocessableEventException("conflict", "/userName", "unique", "userName belongs to E-2"),
                new DataIntegrityViolationException("duplicate key value violates unique constraint \"people_user_name\"\nDetail: …"),
                new IllegalStateException("the database is restarting")));
        EventRoutes failing = new EventRouting(MAPPER, new EventSchemaValidator(MAPPER), publisher,
                new MockEnvironment().withProperty("spring.cloud.stream.kafka.bindings.b-in-0.consumer.dlq-name", DLQ))
                .binding("b-in-0").on(UserJoined.class, (joined, incoming) -> {
                    throw failures.remove(0);
                }).build();
        Message<byte[]> joiner = message(UserJoined.class, json(HrEvents.joined()), HrEvents.EMPLOYEE_ID);

        failing.accept(joiner);
        failing.accept(joiner);
        assertThatThrownBy(() -> failing.accept(joiner)).hasMessage("the database is restarting");

        assertThat(publisher.deadLetters).extracting(DeadLetter::reason).containsExactly(
                "conflict: /userName [unique] userName belongs to E-2",
                "storage: / [storage] the event cannot be stored: duplicate key value violates unique constraint \"people_user_name\"");
    }

    @Test
    void aBindingWithoutADeadLetterTopicDoesNotStart() {
        EventRouting routing = new EventRouting(MAPPER, new EventSchemaValidator(MAPPER), publisher, new MockEnvironment());

        assertThatThrownBy(() -> routing.binding("workspaceEvents-in-0"))
                .hasMessageContaining("spring.cloud.stream.kafka.bindings.workspaceEvents-in-0.consumer.dlq-name");
    }

    private static String json(Object event) throws Exception {
        return MAPPER.writeValueAsString(event);
    }

    private static Message<byte[]> message(Class<?> type, String body, String key) {
        return message(EventTypes.of(type), body.getBytes(StandardCharsets.UTF_8), key);
    }

    private static Message<byte[]> message(Class<?> type, byte[] body, String key) {
        return message(EventTypes.of(type), body, key);
    }

    private static Message<byte[]> message(String ceType, String body, String key) {
        return message(ceType, body.getBytes(StandardCharsets.UTF_8), key);
    }

    private static Message<byte[]> message(String ceType, byte[] body, String key) {
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(body)
                .setHeader("ce_specversion", "1.0").setHeader("ce_id", "id-1").setHeader("ce_source", "/hr-system")
                .setHeader("ce_type", ceType).setHeader("ce_correlationid", "corr-1")
                .setHeader(KafkaHeaders.RECEIVED_TOPIC, HrTopics.PEOPLE);
        if (key != null) {
            builder.setHeader(KafkaHeaders.RECEIVED_KEY, key);
        }
        return builder.build();
    }

    record DeadLetter(String topic, String key, byte[] body, Map<String, String> headers, String reason) {
    }

    static final class RecordingPublisher implements EventPublisher {
        final List<DeadLetter> deadLetters = new ArrayList<>();

        @Override
        public Mono<Void> publish(String topic, String key, Object payload) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> deadLetter(String topic, String key, byte[] body, Map<String, String> headers, String reason) {
            deadLetters.add(new DeadLetter(topic, key, body, new HashMap<>(headers), reason));
            return Mono.empty();
        }
    }
}
