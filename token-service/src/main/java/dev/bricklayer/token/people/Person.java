package dev.bricklayer.token.people;

import java.time.Instant;
import java.util.Objects;

import dev.bricklayer.common.events.hr.HrEventOrder;

/**
 * What token-service keeps of a person: the last HR event that counted.
 *
 * @param employeeId the HR system's id
 * @param lastType   {@code UserJoined}, {@code UserMoved} or {@code UserLeft}
 * @param occurredAt that event's {@code occurredAt}
 * @param left       whether the person has left: a {@code UserLeft} counted and no {@code UserJoined} after it (a
 *                   move of someone who left does not bring them back)
 */
public record Person(String employeeId, String lastType, Instant occurredAt, boolean left) {

    public Person {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(lastType, "lastType");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The last event that counted, as the common ordering rule reads it. */
    public HrEventOrder.Last last() {
        return new HrEventOrder.Last(lastType, occurredAt);
    }
}
