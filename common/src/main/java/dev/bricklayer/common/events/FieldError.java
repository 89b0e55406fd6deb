package dev.bricklayer.common.events;

import java.util.Objects;

/**
 * One thing wrong with an incoming message or request, in a shape a producer can act on. Carried by the
 * {@code …Rejected} events and returned by the schema validator.
 *
 * @param field   JSON pointer of the offending field, e.g. {@code /network/publicSubnet/cidr}; for a missing
 *                required property it names that property, e.g. {@code /department}; {@code /} for the whole message
 * @param rule    the rule that failed: a JSON Schema keyword ({@code required}, {@code pattern}, {@code enum},
 *                {@code type}, {@code format}, …), {@code json} for an unparseable body, or a business rule name
 *                such as {@code tier} or {@code blueprint}
 * @param message human-readable explanation
 */
public record FieldError(String field, String rule, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}
