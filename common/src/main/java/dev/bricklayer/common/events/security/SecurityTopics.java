package dev.bricklayer.common.events.security;

/** Kafka topics of the security area, owned by security-service. */
public final class SecurityTopics {

    /** Security events. Key: workspace name. */
    public static final String EVENTS = "bricklayer.security.events";

    private SecurityTopics() {
    }
}
