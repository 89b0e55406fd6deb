package dev.bricklayer.common.events.identity;

/** Kafka topics of the identity area, owned by identity-service. */
public final class IdentityTopics {

    /** Identity events. Key: workspace name for workspace events, employee id for people events. */
    public static final String EVENTS = "bricklayer.identity.events";

    private IdentityTopics() {
    }
}
