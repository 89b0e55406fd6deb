package dev.bricklayer.identity.people;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.identity.HrEventIgnored;
import dev.bricklayer.common.events.identity.HrEventRejected;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.EventRoutes;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.common.messaging.UnprocessableEventException;

/**
 * Announces every HR event that is not applied, on {@code bricklayer.identity.events} with the employee id as key:
 * {@code HrEventIgnored} for a valid event that does not count for the person, {@code HrEventRejected} for one that
 * can never be applied (its message goes to {@code hr.people.events.dlq} as well). A refused message names the
 * employee as far as it can be read — the body's {@code employeeId}, else the Kafka key, else nobody.
 */
public class HrEventAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(HrEventAnnouncer.class);

    private final EventPublisher events;
    private final Clock clock;

    public HrEventAnnouncer(EventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** A valid event that does not count: announced, and one INFO line. */
    public void ignored(IncomingEvent incoming, HrEventOutcome.Ignored ignored) {
        events.publish(IdentityTopics.EVENTS, ignored.employeeId(), new HrEventIgnored(ignored.employeeId(), incoming.type(), incoming.id(),
                ignored.reason(), ignored.detail(), clock.instant())).block();
        log.info("{} {} for {} ignored ({}): {}", incoming.shortType(), incoming.id(), ignored.employeeId(), ignored.reason(), ignored.detail());
    }

    /** A refused message (the router has logged it and dead-letters it after this). */
    public void rejected(EventRoutes.Rejection rejection) {
        IncomingEvent incoming = rejection.event();
        String employeeId = bounded(rejection.text("/employeeId") != null ? rejection.text("/employeeId") : incoming.key());
        UnprocessableEventException error = rejection.error();
        events.publish(IdentityTopics.EVENTS, employeeId, new HrEventRejected(employeeId, bounded(incoming.type()), bounded(incoming.id()),
                error.reason(), error.errors(), clock.instant())).block();
    }

    /** Whatever a hostile message carries, a rejection stays small. */
    private static String bounded(String text) {
        return text == null || text.length() <= UnprocessableEventException.MAX_TEXT ? text
                : text.substring(0, UnprocessableEventException.MAX_TEXT - 1) + "…";
    }
}
