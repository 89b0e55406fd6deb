package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.bricklayer.common.events.FieldError;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS} when an HR event can never be processed (it
 * breaks its schema, or has an unknown {@code ce_type}); the message itself goes to the dead-letter topic with
 * the same reason in its headers. Kafka key: {@code employeeId}, or the record's original key when unreadable.
 *
 * @param employeeId the employee id, as far as it could be read; may be {@code null}
 * @param eventType  the message's {@code ce_type}, e.g. {@code bricklayer.hr.UserJoined.v1}
 * @param messageId  the message's {@code ce_id}
 * @param reason     short reason, e.g. {@code schema}, {@code unknown-type}
 * @param errors     the field errors, empty when the reason is not about fields
 * @param occurredAt when the event was rejected
 */
public record HrEventRejected(
        String employeeId,
        String eventType,
        String messageId,
        String reason,
        List<FieldError> errors,
        Instant occurredAt) {

    public HrEventRejected {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
