package dev.bricklayer.common.events.hr;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A person left the organisation. Published by the HR system on {@link HrTopics#PEOPLE} (validated against
 * {@code schemas/hr/UserLeft.v1.schema.json}); identity-service deactivates the user and removes it from its
 * groups in every workspace, token-service revokes every token the user owns. Kafka key: {@code employeeId}.
 *
 * @param employeeId the HR system's stable id of the person
 * @param userName   the person's user principal name (e-mail address)
 * @param leftDate   last working day
 * @param occurredAt when the HR system recorded the change
 * @param entraObjectId the person's Entra ID object id, optional: where the account syncs identities from Entra ID
 *                      automatically, identity-service resolves the account user by it instead of creating one
 */
public record UserLeft(String employeeId, String userName, LocalDate leftDate, Instant occurredAt, String entraObjectId) {

    /** A leaver without an Entra ID object id (as v1 producers send it before the field existed). */
    public UserLeft(String employeeId, String userName, LocalDate leftDate, Instant occurredAt) {
        this(employeeId, userName, leftDate, occurredAt, null);
    }

    public UserLeft {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(leftDate, "leftDate");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
