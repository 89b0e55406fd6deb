package dev.bricklayer.identity.directory;

import java.time.Instant;
import java.time.LocalDate;

import dev.bricklayer.common.events.hr.HrAttributes;

/**
 * The latest applied HR record of a person.
 *
 * @param employeeId    the HR id
 * @param userName      the SCIM userName
 * @param displayName   display name; may be {@code null}
 * @param givenName     given name; may be {@code null}
 * @param familyName    family name; may be {@code null}
 * @param attributes    organisational attributes; {@code null} for a leaver only ever seen leaving
 * @param status        active or left
 * @param lastEventType {@code UserJoined}, {@code UserMoved} or {@code UserLeft}
 * @param lastEventId   the {@code ce_id} of that event
 * @param lastEventAt   its {@code occurredAt}: older events are ignored
 * @param effectiveDate its effective (or left) date
 * @param updatedAt     when the record was written
 * @param entraObjectId the person's Entra ID object id, when HR sent it (the account user is resolved by it where the
 *                      account syncs identities from Entra ID); may be {@code null}
 */
public record Person(String employeeId, String userName, String displayName, String givenName, String familyName,
                     HrAttributes attributes, Status status, String lastEventType, String lastEventId, Instant lastEventAt,
                     LocalDate effectiveDate, Instant updatedAt, String entraObjectId) {

    public enum Status { ACTIVE, LEFT }

    /** A person whose Entra ID object id is not known. */
    public Person(String employeeId, String userName, String displayName, String givenName, String familyName, HrAttributes attributes,
                  Status status, String lastEventType, String lastEventId, Instant lastEventAt, LocalDate effectiveDate, Instant updatedAt) {
        this(employeeId, userName, displayName, givenName, familyName, attributes, status, lastEventType, lastEventId, lastEventAt,
                effectiveDate, updatedAt, null);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
