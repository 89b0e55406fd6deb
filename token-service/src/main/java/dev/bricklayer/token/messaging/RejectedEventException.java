package dev.bricklayer.token.messaging;

/**
 * An incoming event that can never be processed (it breaks its schema or cannot be read). Not retryable: the
 * binding sends the message to its dead-letter topic with this message — field and rule — as the reason.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String message) {
        super(message);
    }
}
