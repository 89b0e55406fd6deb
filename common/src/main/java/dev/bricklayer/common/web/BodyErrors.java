package dev.bricklayer.common.web;

import java.util.Optional;

import org.springframework.core.io.buffer.DataBufferLimitException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.messaging.EventReader;

/**
 * What was wrong with a REST request body the JSON decoder refused, as one field error in the words the event
 * consumers use ({@link EventReader}): rule {@code json} at the JSON pointer where reading stopped for anything
 * that is not one strict JSON value — bad syntax, a duplicate key, something after the value, nesting deeper than
 * {@value EventReader#MAX_NESTING}; for a body bound to a record, the binding rules of
 * {@link FileProblem#fromJackson}: {@code type}, {@code value}, {@code unknown-property}, {@code required}.
 */
final class BodyErrors {

    private BodyErrors() {
    }

    /** The Jackson refusal somewhere in {@code error}'s causes, as a field error; empty when there is none. */
    static Optional<FieldError> of(Throwable error) {
        return cause(error, JsonProcessingException.class).map(BodyErrors::describe);
    }

    /** The body-size refusal somewhere in {@code error}'s causes. */
    static Optional<DataBufferLimitException> tooLarge(Throwable error) {
        return cause(error, DataBufferLimitException.class);
    }

    private static FieldError describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException && !(e.getProcessor() instanceof JsonParser parser && afterTheValue(parser, e))) {
            FileProblem problem = FileProblem.fromJackson("body", e);
            if (!problem.rule().equals("json")) {
                return new FieldError(problem.path().isEmpty() ? "/" : problem.path(), problem.rule(), problem.message());
            }
        }
        String detail = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        if (e.getProcessor() instanceof JsonParser parser) {
            if (afterTheValue(parser, e)) {
                return new FieldError("/", "json", "the body is not one JSON value: something follows it");
            }
            String pointer = parser.getParsingContext() == null ? "" : parser.getParsingContext().pathAsPointer().toString();
            return new FieldError(pointer.isEmpty() ? "/" : pointer, "json", "the body is not valid JSON: " + detail);
        }
        return new FieldError("/", "json", "the body is not valid JSON: " + detail);
    }

    /**
     * The parser had read a whole value at the root and found more: a second value (the root context counts it) or,
     * for a syntax error, anything where the root already holds a value.
     */
    private static boolean afterTheValue(JsonParser parser, JsonProcessingException e) {
        JsonStreamContext context = parser.getParsingContext();
        if (context == null) {
            return false;
        }
        JsonStreamContext root = context;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCurrentIndex() > 0 || !(e instanceof JsonMappingException) && context.inRoot() && parser.currentToken() != null;
    }

    private static <T extends Throwable> Optional<T> cause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
