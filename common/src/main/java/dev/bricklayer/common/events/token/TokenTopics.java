package dev.bricklayer.common.events.token;

/** Kafka topics of the token area, owned by token-service. */
public final class TokenTopics {

    /** Token events. Key: workspace name. */
    public static final String EVENTS = "bricklayer.token.events";

    private TokenTopics() {
    }
}
