package dev.bricklayer.common.messaging;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import dev.bricklayer.common.events.FieldError;

/**
 * The CloudEvents 1.0 envelope every incoming message must have (Kafka protocol binding, binary mode): the
 * required attributes {@code ce_specversion} (exactly {@code 1.0}), {@code ce_id}, {@code ce_source} and
 * {@code ce_type}, non-empty; {@code ce_time}, when present, an RFC 3339 timestamp.
 */
public final class CloudEventEnvelope {

    /** The only specification version Bricklayer reads. */
    public static final String SPEC_VERSION = "1.0";

    private CloudEventEnvelope() {
    }

    /** What is wrong with the envelope; empty when nothing is. */
    public static List<FieldError> check(IncomingEvent event) {
        List<FieldError> errors = new ArrayList<>();
        if (blank(event.specVersion())) {
            errors.add(missing("ce_specversion"));
        } else if (!SPEC_VERSION.equals(event.specVersion())) {
            errors.add(new FieldError("ce_specversion", "specversion", "must be " + SPEC_VERSION + ", is '" + event.specVersion() + "'"));
        }
        if (blank(event.id())) {
            errors.add(missing("ce_id"));
        }
        if (blank(event.source())) {
            errors.add(missing("ce_source"));
        }
        if (blank(event.type())) {
            errors.add(missing("ce_type"));
        }
        if (event.time() != null) {
            try {
                OffsetDateTime.parse(event.time());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("ce_time", "format", "must be an RFC 3339 timestamp, is '" + event.time() + "'"));
            }
        }
        return errors;
    }

    private static FieldError missing(String attribute) {
        return new FieldError(attribute, "required", "the CloudEvents attribute " + attribute + " is required");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
