package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS} when a valid HR event is not applied because it
 * does not count for the person: it is not after the last event that counted ({@code HrEventOrder}) — a replay, a
 * duplicate, an older event delivered late, or a joiner older than a leaver already remembered. Nothing changes for
 * the person; the event is announced rather than only logged. Kafka key: {@code employeeId}.
 *
 * @param employeeId the employee id
 * @param eventType  the message's {@code ce_type}, e.g. {@code bricklayer.hr.UserJoined.v1}
 * @param messageId  the message's {@code ce_id}
 * @param reason     short reason: {@code duplicate} (the same event as the last one that counted), {@code stale}
 *                   (older than it, or dated the same)
 * @param detail     the reason as a sentence naming the dates
 * @param occurredAt when the event was ignored
 */
public record HrEventIgnored(
        String employeeId,
        String eventType,
        String messageId,
        String reason,
        String detail,
        Instant occurredAt) {

    public HrEventIgnored {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
