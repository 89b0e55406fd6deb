package dev.bricklayer.identity.messaging;

/**
 * An HR event that can never be applied. Not retried: the binder sends the message to {@code hr.people.events.dlq}
 * with this message — every field and rule — in {@code x-exception-message}.
 */
public class RejectedHrEventException extends RuntimeException {

    public RejectedHrEventException(String message) {
        super(message);
    }
}
