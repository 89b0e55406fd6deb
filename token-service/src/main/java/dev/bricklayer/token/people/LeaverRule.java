package dev.bricklayer.token.people;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.hr.HrEventOrder;
import dev.bricklayer.common.events.hr.HrEventOrder.Decision;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.token.leaver.LeaverRevocation;

/**
 * Whether a person has left, decided from the HR events the way identity-service decides it — common's
 * {@link HrEventOrder} over each person's last event that counted ({@link PeopleStore}):
 * <ul>
 *   <li>an event dated beyond the allowed clock skew is refused ({@code future}: the binding dead-letters it), so a
 *       joiner dated 2999 cannot make every later leaver stale;</li>
 *   <li>a {@code UserLeft} that counts is remembered (also for a person never seen) and the leaver's tokens are
 *       revoked everywhere;</li>
 *   <li>a {@code UserLeft} that does not count revokes nothing when the person came back since (an older leaver after
 *       a rehire; identity-service announces it); when the person has left anyway (the same leaver again, or a retry
 *       of one whose revocation failed) what is left of their tokens is revoked — usually nothing;</li>
 *   <li>joiners and movers only update what is remembered: a joiner that counts brings a leaver back, a move does
 *       not.</li>
 * </ul>
 */
public class LeaverRule {

    private static final Logger log = LoggerFactory.getLogger(LeaverRule.class);
    private static final String JOINED = UserJoined.class.getSimpleName();
    private static final String MOVED = UserMoved.class.getSimpleName();
    private static final String LEFT = UserLeft.class.getSimpleName();

    private final PeopleStore people;
    private final HrEventOrder order;
    private final LeaverRevocation leavers;

    public LeaverRule(PeopleStore people, HrEventOrder order, LeaverRevocation leavers) {
        this.people = people;
        this.order = order;
        this.leavers = leavers;
    }

    public void joined(UserJoined joined) {
        Optional<Person> known = people.find(joined.employeeId());
        Instant at = stored(joined.occurredAt());
        if (counts(known, JOINED, joined.employeeId(), joined.userName(), at)) {
            people.record(new Person(joined.employeeId(), JOINED, at, false));
        }
    }

    public void moved(UserMoved moved) {
        Optional<Person> known = people.find(moved.employeeId());
        Instant at = stored(moved.occurredAt());
        if (counts(known, MOVED, moved.employeeId(), moved.userName(), at)) {
            people.record(new Person(moved.employeeId(), MOVED, at, known.map(Person::left).orElse(false)));
        }
    }

    public void left(UserLeft left) {
        Optional<Person> known = people.find(left.employeeId());
        Instant at = stored(left.occurredAt());
        if (counts(known, LEFT, left.employeeId(), left.userName(), at)) {
            people.record(new Person(left.employeeId(), LEFT, at, true));
            leavers.revokeAll(left);
        } else if (known.get().left()) {
            log.info("{} ({}) has left already: what is left of their tokens is revoked", left.employeeId(), left.userName());
            leavers.revokeAll(left);
        }
    }

    /** {@code occurredAt} as PostgreSQL keeps it (microseconds), so that the same event read again compares equal. */
    private static Instant stored(Instant occurredAt) {
        return occurredAt.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Whether the event counts; one that does not is logged, one dated in the future is refused.
     *
     * @throws UnprocessableEventException reason {@code future}
     */
    private boolean counts(Optional<Person> known, String type, String employeeId, String userName, Instant occurredAt) {
        Decision decision = order.decide(known.map(Person::last), type, occurredAt);
        switch (decision.verdict()) {
            case FUTURE -> throw new UnprocessableEventException("future", "/occurredAt", "future", decision.why());
            case STALE -> {
                log.info("{} of {} ({}) not applied: {}", type, employeeId, userName, decision.why());
                return false;
            }
            default -> {
                return true;
            }
        }
    }
}
