package dev.bricklayer.audit.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import dev.bricklayer.audit.ledger.AuditLedger;
import dev.bricklayer.audit.publishing.AuditLogPublisher;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.EventRouting;
import dev.bricklayer.common.messaging.UnprocessableEventException;

/**
 * Ingests {@code bricklayer.audit.api-calls} in batches (the binding runs in batch mode: one transaction, one batch
 * insert per poll) and has every sealed call republished on {@code bricklayer.audit.log}. Each record is read as
 * every routed binding reads an event ({@link ApiCallRecords}); one that is not an audit record goes to
 * {@value #DEAD_LETTERS} with its reason, and the rest of its batch is stored.
 */
@Configuration
public class AuditBindings {

    static final String BINDING = "apiCalls-in-0";
    /** The binding's dead-letter topic, as {@code application.yml} names it. */
    public static final String DEAD_LETTERS = AuditTopics.API_CALLS + ".dlq";

    @Bean
    public Consumer<Message<List<Object>>> apiCalls(AuditLedger ledger, AuditLogPublisher auditLog, EventRouting routing,
                                                    EventPublisher events,
                                                    @Value("${spring.cloud.stream.kafka.bindings." + BINDING + ".consumer.dlq-name}")
                                                    String deadLetters) {
        ApiCallRecords records = new ApiCallRecords(routing.reader(), events, BINDING, deadLetters);
        return batch -> {
            List<Object> calls = new ArrayList<>();
            for (Message<Object> record : ApiCallRecords.split(batch)) {
                try {
                    calls.add(records.read(record));
                } catch (UnprocessableEventException refused) {
                    records.refuse(record, refused);
                }
            }
            ledger.ingest(calls);
            auditLog.requestRepublish();
        };
    }
}
