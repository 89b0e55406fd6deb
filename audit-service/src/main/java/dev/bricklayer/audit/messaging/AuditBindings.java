package dev.bricklayer.audit.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.scheduling.annotation.Scheduled;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.audit.config.AuditProperties;
import dev.bricklayer.audit.ledger.AuditLedger;
import dev.bricklayer.audit.ledger.SealedCall;
import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.events.audit.AuditRecordKind;
import dev.bricklayer.common.events.audit.AuditRecordSealed;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import reactor.core.publisher.Flux;

/**
 * Ingests {@code bricklayer.audit.api-calls} in batches (the binding runs in batch mode: one transaction, one
 * batch insert per poll) and republishes every sealed call on {@code bricklayer.audit.log}, keyed by workspace.
 * Calls whose completion never came are sealed as {@code OUTCOME_UNKNOWN} by a periodic sweep.
 */
@Configuration
public class AuditBindings {

    private static final Logger log = LoggerFactory.getLogger(AuditBindings.class);
    private static final String STARTED = EventTypes.of(ApiCallStarted.class);
    private static final String COMPLETED = EventTypes.of(ApiCallCompleted.class);

    private final AuditLedger ledger;
    private final EventPublisher events;
    private final AuditProperties properties;

    public AuditBindings(AuditLedger ledger, EventPublisher events, AuditProperties properties) {
        this.ledger = ledger;
        this.events = events;
        this.properties = properties;
    }

    @Bean
    public Consumer<Message<List<String>>> apiCalls(ObjectMapper mapper) {
        return batch -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> headers = (List<Map<String, Object>>) batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
            List<Object> records = new ArrayList<>();
            List<String> bodies = batch.getPayload();
            for (int i = 0; i < bodies.size(); i++) {
                String type = text(headers == null ? null : headers.get(i).get("ce_type"));
                try {
                    if (STARTED.equals(type)) {
                        records.add(mapper.readValue(bodies.get(i), ApiCallStarted.class));
                    } else if (COMPLETED.equals(type)) {
                        records.add(mapper.readValue(bodies.get(i), ApiCallCompleted.class));
                    } else {
                        log.warn("Skipping a record of type {} on {}", type, AuditTopics.API_CALLS);
                    }
                } catch (java.io.IOException unreadable) {
                    log.error("Skipping an unreadable {} record: {}", type, unreadable.getMessage());
                }
            }
            republish(ledger.ingest(records));
        };
    }

    @Scheduled(fixedDelayString = "${bricklayer.audit.sweep-interval:30s}")
    public void sealUnfinished() {
        List<SealedCall> unknown = ledger.sealUnfinished(properties.outcomeUnknownAfter());
        if (!unknown.isEmpty()) {
            log.warn("{} calls never completed within {}: sealed as OUTCOME_UNKNOWN", unknown.size(), properties.outcomeUnknownAfter());
            republish(unknown);
        }
    }

    private void republish(List<SealedCall> sealed) {
        Flux.fromIterable(sealed)
                .concatMap(call -> events.publish(AuditTopics.LOG, call.workspace() != null ? call.workspace() : "-", toEvent(call)))
                .blockLast();
    }

    static AuditRecordSealed toEvent(SealedCall call) {
        return new AuditRecordSealed(call.sequence(), call.hash(), call.previousHash(),
                call.completedAt() != null ? AuditRecordKind.COMPLETED : AuditRecordKind.STARTED, call.callId(), call.service(),
                call.principal(), call.api(), call.workspace(), call.host(), call.method(), call.path(), call.pathTemplate(),
                call.status(), call.outcome(), call.errorCode(), call.durationMillis(), call.attempt() == null ? 0 : call.attempt(),
                call.correlationId(), call.startedAt() != null ? call.startedAt() : call.sealedAt(), call.sealedAt());
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
