package dev.bricklayer.common.events.hr;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A person joined the organisation. Published by the HR system on {@link HrTopics#PEOPLE} (validated against
 * {@code schemas/hr/UserJoined.v1.schema.json}); identity-service provisions the person into the workspaces and
 * groups its access rules give. Kafka key: {@code employeeId}.
 *
 * @param employeeId    the HR system's stable id of the person
 * @param userName      the person's Entra ID user principal name (an e-mail address); becomes the SCIM {@code userName}
 * @param displayName   full name as displayed
 * @param givenName     given name
 * @param familyName    family name
 * @param attributes    organisational attributes that drive access
 * @param effectiveDate first working day
 * @param occurredAt    when the HR system recorded the change
 * @param entraObjectId the person's Entra ID object id, optional: where the account syncs identities from Entra ID
 *                      automatically, identity-service resolves the account user by it instead of creating one
 */
public record UserJoined(
        String employeeId,
        String userName,
        String displayName,
        String givenName,
        String familyName,
        HrAttributes attributes,
        LocalDate effectiveDate,
        Instant occurredAt,
        String entraObjectId) {

    /** A joiner without an Entra ID object id (as v1 producers send it before the field existed). */
    public UserJoined(String employeeId, String userName, String displayName, String givenName, String familyName,
                      HrAttributes attributes, LocalDate effectiveDate, Instant occurredAt) {
        this(employeeId, userName, displayName, givenName, familyName, attributes, effectiveDate, occurredAt, null);
    }

    public UserJoined {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
