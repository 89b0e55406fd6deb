package dev.bricklayer.audit.publishing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.audit.config.AuditProperties;
import dev.bricklayer.audit.ledger.AuditLedger;
import dev.bricklayer.audit.ledger.SealedCall;
import dev.bricklayer.common.events.audit.AuditRecordKind;
import dev.bricklayer.common.events.audit.AuditRecordSealed;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import reactor.core.publisher.Flux;

/**
 * Republishes every sealed call on {@code bricklayer.audit.log} as {@code AuditRecordSealed}, keyed by workspace, in
 * sequence order, at least once: the ledger's log cursor says what is due. Runs on Spring Boot's task executor, off
 * the consumer's thread, so that sealing the next batch overlaps with publishing the last; requests coalesce (one run
 * covers everything sealed before it started, a request during a run queues one more) and runs never overlap. Every
 * {@code bricklayer.audit.sweep-interval} it also seals the calls left unfinished ({@code OUTCOME_UNKNOWN}) and
 * publishes what is due — after a restart, or after a run that failed while Kafka was away.
 */
public class AuditLogPublisher {

    private static final Logger log = LoggerFactory.getLogger(AuditLogPublisher.class);
    private static final int BATCH = 2000;

    private final AuditLedger ledger;
    private final EventPublisher events;
    private final TaskExecutor executor;
    private final AuditProperties properties;
    private final AtomicBoolean queued = new AtomicBoolean();

    public AuditLogPublisher(AuditLedger ledger, EventPublisher events, TaskExecutor executor, AuditProperties properties) {
        this.ledger = ledger;
        this.events = events;
        this.executor = executor;
        this.properties = properties;
    }

    /** Seals calls left unfinished, and republishes anything sealed but not yet on the log. */
    @Scheduled(fixedDelayString = "${bricklayer.audit.sweep-interval:30s}")
    public void sweep() {
        List<SealedCall> unknown = ledger.sealUnfinished(properties.outcomeUnknownAfter());
        if (!unknown.isEmpty()) {
            log.warn("{} calls never completed within {}: sealed as OUTCOME_UNKNOWN", unknown.size(), properties.outcomeUnknownAfter());
        }
        requestRepublish();
    }

    /**
     * Has the executor catch up with the chain. A failed run (Kafka away) is logged; the next sweep tries again. While
     * the service stops, the executor takes no new run: what is due goes out at the next start.
     */
    public void requestRepublish() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                queued.set(false);
                try {
                    republishPending();
                } catch (RuntimeException e) {
                    log.error("Republishing sealed records on {} failed; the next sweep tries again: {}", AuditTopics.LOG, e.toString());
                }
            });
        } catch (TaskRejectedException stopping) {
            queued.set(false);
            log.info("Not republishing on {} now: the service is stopping; the next start sends what is due", AuditTopics.LOG);
        }
    }

    /**
     * Republishes every sealed record past the log cursor, in sequence order, and moves the cursor once Kafka
     * acknowledged them. Sends are pipelined (the idempotent producer keeps their order).
     */
    synchronized void republishPending() {
        List<SealedCall> pending;
        while (!(pending = ledger.unpublished(BATCH)).isEmpty()) {
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
}
