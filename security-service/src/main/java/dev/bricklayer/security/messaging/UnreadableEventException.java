package dev.bricklayer.security.messaging;

/** A workspace event security-service cannot read; the binder sends it to the dead-letter topic with this message. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
