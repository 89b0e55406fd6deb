package dev.bricklayer.common.schema;

import java.util.List;
import java.util.Objects;

import dev.bricklayer.common.events.FieldError;

/**
 * Outcome of validating one message body against the schema of its event type.
 *
 * @param ceType the {@code ce_type} whose schema was used
 * @param errors every violation found; empty when the body is valid
 */
public record ValidationResult(String ceType, List<FieldError> errors) {

    public ValidationResult {
        Objects.requireNonNull(ceType, "ceType");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Whether the body satisfies the schema. */
    public boolean isValid() {
        return errors.isEmpty();
    }
}
