package dev.bricklayer.common.events.hr;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A person's organisational attributes changed (new department, cost centre, job title, …). Published by the HR
 * system on {@link HrTopics#PEOPLE} (validated against {@code schemas/hr/UserMoved.v1.schema.json});
 * identity-service makes group and workspace membership follow {@link #current()} and removes access no rule
 * grants any more. Kafka key: {@code employeeId}.
 *
 * @param employeeId    the HR system's stable id of the person
 * @param userName      the person's user principal name (e-mail address)
 * @param displayName   full name as displayed; optional, given when it changed
 * @param previous      the attributes before the move; optional (rules are evaluated on {@code current} alone)
 * @param current       the attributes from {@code effectiveDate} on
 * @param effectiveDate the day the move takes effect
 * @param occurredAt    when the HR system recorded the change
 * @param entraObjectId the person's Entra ID object id, optional: where the account syncs identities from Entra ID
 *                      automatically, identity-service resolves the account user by it instead of creating one
 */
public record UserMoved(
        String employeeId,
        String userName,
        String displayName,
        HrAttributes previous,
        HrAttributes current,
        LocalDate effectiveDate,
        Instant occurredAt,
        String entraObjectId) {

    /** A mover without an Entra ID object id (as v1 producers send it before the field existed). */
    public UserMoved(String employeeId, String userName, String displayName, HrAttributes previous, HrAttributes current,
                     LocalDate effectiveDate, Instant occurredAt) {
        this(employeeId, userName, displayName, previous, current, effectiveDate, occurredAt, null);
    }

    public UserMoved {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
