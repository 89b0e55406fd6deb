package dev.bricklayer.common.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import dev.bricklayer.common.events.FieldError;

/**
 * An incoming event that can never be processed, however often it is tried: its envelope, key, encoding or body
 * breaks a rule, its type is not one the topic carries, or it is a tombstone. Not retried: {@link EventRoutes}
 * sends the message at once to its binding's dead-letter topic with {@link #getMessage()} — the reason first, then
 * every field and rule — in {@value EventPublisher#REASON_HEADER}, announces it where the binding says how, and
 * the consumer goes on with the next message.
 *
 * <p>The errors kept are bounded ({@value #MAX_ERRORS} at most, each message at most {@value #MAX_TEXT}
 * characters), so that a body with twenty thousand unknown properties still gives a rejection event the broker
 * takes. No stack trace is filled in: this is an expected outcome, not a fault.
 */
public class UnprocessableEventException extends RuntimeException {

    /** Field errors kept; the rest are counted in a last {@code truncated} entry. */
    public static final int MAX_ERRORS = 20;
    /** Characters kept of a field error's field and message. */
    public static final int MAX_TEXT = 300;

    private final String reason;
    private final List<FieldError> errors;

    /**
     * @param reason short reason naming the rule family: {@code schema}, {@code envelope}, {@code key},
     *               {@code unknown-type}, {@code json}, {@code encoding}, {@code tombstone}, {@code conflict}, …
     * @param errors what is wrong, field by field; bounded here
     */
    public UnprocessableEventException(String reason, List<FieldError> errors) {
        super(describe(reason, bounded(errors)), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.errors = bounded(errors);
    }

    /** One field error. */
    public UnprocessableEventException(String reason, String field, String rule, String message) {
        this(reason, List.of(new FieldError(field, rule, message)));
    }

    /**
     * A {@code ce_type} the topic does not carry (or none): the words every consumer refuses it with.
     *
     * @param ceType  the message's {@code ce_type}; may be {@code null}
     * @param carried the types the topic carries
     */
    public static UnprocessableEventException unknownType(String ceType, Collection<String> carried) {
        return new UnprocessableEventException("unknown-type", "ce_type", "unknown-type", "'" + ceType
                + "' is not an event type this topic carries (" + new TreeSet<>(carried) + ")");
    }

    /** The short reason, e.g. {@code schema}. */
    public String reason() {
        return reason;
    }

    /** The field errors, bounded. */
    public List<FieldError> errors() {
        return errors;
    }

    /** At most {@value #MAX_ERRORS} errors with texts cut to {@value #MAX_TEXT} characters, and a count of the rest. */
    public static List<FieldError> bounded(List<FieldError> errors) {
        if (errors == null || errors.isEmpty()) {
            return List.of();
        }
        List<FieldError> kept = new ArrayList<>();
        for (FieldError error : errors.subList(0, Math.min(errors.size(), MAX_ERRORS))) {
            kept.add(new FieldError(cut(error.field()), cut(error.rule()), cut(error.message())));
        }
        if (errors.size() > MAX_ERRORS) {
            kept.add(new FieldError("/", "truncated", (errors.size() - MAX_ERRORS) + " more errors not listed"));
        }
        return List.copyOf(kept);
    }

    /** The reason as one line: {@code reason: field [rule] message; …}. */
    public static String describe(String reason, List<FieldError> errors) {
        StringBuilder text = new StringBuilder(reason);
        String separator = ": ";
        for (FieldError error : errors) {
            text.append(separator).append(error.field()).append(" [").append(error.rule()).append("] ").append(error.message());
            separator = "; ";
        }
        return text.toString();
    }

    private static String cut(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT - 1) + "…";
    }
}
