package dev.bricklayer.common.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.messaging.UnprocessableEventException;

/**
 * A request a controller refuses for what it says: answered 400 with a problem detail ({@link ApiProblems}) whose
 * {@code errors} list every field and rule it breaks (at most {@value UnprocessableEventException#MAX_ERRORS} and a
 * count of the rest, as for events). An expected outcome: no stack trace.
 */
public class InvalidRequestException extends ErrorResponseException {

    private final List<FieldError> errors;

    /**
     * @param detail what is wrong, in one line
     * @param errors every field that is wrong
     */
    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, ApiProblems.of(HttpStatus.BAD_REQUEST, detail, UnprocessableEventException.bounded(errors)), null);
        this.errors = UnprocessableEventException.bounded(errors);
        setStackTrace(new StackTraceElement[0]);
    }

    /** The refusal of an event check ({@code EventReader}, a service's rules), in the same words as on Kafka. */
    public InvalidRequestException(UnprocessableEventException refused) {
        this(refused.getMessage(), refused.errors());
    }

    public List<FieldError> errors() {
        return errors;
    }
}
