package dev.bricklayer.audit.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;

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
 * Calls whose completion never came are sealed as {@code OUTCOME_UNKNOWN} by a periodic sweep. A record that is
 * not an audit record goes to {@value #DEAD_LETTERS} with its reason; the rest of its batch is stored.
 */
@Configuration
public class AuditBindings {

    private static final Logger log = LoggerFactory.getLogger(AuditBindings.class);
    private static final String STARTED = EventTypes.of(ApiCallStarted.class);
    private static final String COMPLETED = EventTypes.of(ApiCallCompleted.class);
    /** Where records that are not audit records go, with the reason in {@code x-exception-message}. */
    public static final String DEAD_LETTERS = AuditTopics.API_CALLS + ".dlq";
    private static final int REPUBLISH_BATCH = 2000;

    private final AuditLedger ledger;
    private final EventPublisher events;
    private final AuditProperties properties;
    private final ExecutorService republisher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "audit-log-republisher");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean republishQueued = new AtomicBoolean();

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
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) batch.getHeaders().get(KafkaHeaders.RECEIVED_KEY);
            List<Object> records = new ArrayList<>();
            List<String> bodies = batch.getPayload();
            for (int i = 0; i < bodies.size(); i++) {
                Map<String, Object> recordHeaders = headers == null ? Map.of() : headers.get(i);
                String type = text(recordHeaders.get("ce_type"));
                try {
                    records.add(read(mapper, type, bodies.get(i)));
                } catch (InvalidAuditRecord invalid) {
                    String key = keys == null ? null : text(keys.get(i));
                    log.warn("Dead-lettering a record on {} (key {}): {}", AuditTopics.API_CALLS, key, invalid.getMessage());
                    events.deadLetter(DEAD_LETTERS, key, bodies.get(i).getBytes(StandardCharsets.UTF_8), texts(recordHeaders), invalid.getMessage()).block();
                }
            }
            ledger.ingest(records);
            requestRepublish();
        };
    }

    /** A record that is not an audit record: its {@code ce_type}, its JSON or a required field is wrong. */
    static final class InvalidAuditRecord extends Exception {
        InvalidAuditRecord(String message) {
            super(message);
        }
    }

    static Object read(ObjectMapper mapper, String type, String body) throws InvalidAuditRecord {
        Class<?> kind = STARTED.equals(type) ? ApiCallStarted.class : COMPLETED.equals(type) ? ApiCallCompleted.class : null;
        if (kind == null) {
            throw new InvalidAuditRecord("ce_type: must be " + STARTED + " or " + COMPLETED + ", was " + type);
        }
        Object record;
        try {
            record = mapper.readValue(body, kind);
        } catch (com.fasterxml.jackson.core.JacksonException unreadable) {
            throw new InvalidAuditRecord("body: not a readable " + kind.getSimpleName() + " (json): "
                    + unreadable.getOriginalMessage());
        } catch (java.io.IOException unreadable) {
            throw new InvalidAuditRecord("body: not a readable " + kind.getSimpleName() + " (json): " + unreadable.getMessage());
        }
        String callId = record instanceof ApiCallStarted s ? s.callId() : ((ApiCallCompleted) record).callId();
        if (callId == null || callId.isBlank()) {
            throw new InvalidAuditRecord("/callId: required");
        }
        return record;
    }

    /** Seals calls left unfinished, and republishes anything sealed but not yet on the log (e.g. after a restart). */
    @Scheduled(fixedDelayString = "${bricklayer.audit.sweep-interval:30s}")
    public void sealUnfinished() {
        List<SealedCall> unknown = ledger.sealUnfinished(properties.outcomeUnknownAfter());
        if (!unknown.isEmpty()) {
            log.warn("{} calls never completed within {}: sealed as OUTCOME_UNKNOWN", unknown.size(), properties.outcomeUnknownAfter());
        }
        requestRepublish();
    }

    /**
     * Has the republisher thread catch up with the chain, so that sealing the next batch overlaps with publishing this
     * one. Requests coalesce: one run covers everything sealed before it started, and a request during a run queues one
     * more. A failed run (Kafka away) is logged; the periodic sweep tries again — the cursor says what is still due.
     */
    void requestRepublish() {
        if (republishQueued.compareAndSet(false, true)) {
            republisher.execute(() -> {
                republishQueued.set(false);
                try {
                    republishPending();
                } catch (RuntimeException e) {
                    log.error("Republishing sealed records on {} failed; the next sweep tries again: {}", AuditTopics.LOG, e.toString());
                }
            });
        }
    }

    @PreDestroy
    void stopRepublisher() throws InterruptedException {
        republisher.shutdown();
        republisher.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Republishes every sealed record past the log cursor on {@code bricklayer.audit.log}, in sequence order, and moves
     * the cursor once Kafka acknowledged them. Sends are pipelined (the idempotent producer keeps their order).
     */
    synchronized void republishPending() {
        List<SealedCall> pending;
        while (!(pending = ledger.unpublished(REPUBLISH_BATCH)).isEmpty()) {
            Flux.fromIterable(pending)
                    .flatMapSequential(call -> events.publish(AuditTopics.LOG, call.workspace() != null ? call.workspace() : "-",
                            toEvent(call)).thenReturn(call.sequence()), 256)
                    .blockLast();
            ledger.published(pending.get(pending.size() - 1).sequence());
        }
    }

    static AuditRecordSealed toEvent(SealedCall call) {
        return new AuditRecordSealed(call.sequence(), call.hash(), call.previousHash(),
                call.completedAt() != null ? AuditRecordKind.COMPLETED : AuditRecordKind.STARTED, call.callId(), call.service(),
                call.principal(), call.api(), call.workspace(), call.host(), call.method(), call.path(), call.pathTemplate(),
                call.status(), call.outcome(), call.errorCode(), call.durationMillis(), call.attempt() == null ? 0 : call.attempt(),
                call.correlationId(), call.startedAt() != null ? call.startedAt() : call.sealedAt(), call.sealedAt(), call.amends());
    }

    private static Map<String, String> texts(Map<String, Object> headers) {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (value instanceof byte[] || value instanceof String) {
                texts.put(name, text(value));
            }
        });
        return texts;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
