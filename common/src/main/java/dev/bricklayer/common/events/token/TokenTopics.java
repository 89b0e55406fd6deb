package dev.bricklayer.common.events.token;

import java.util.List;

/** Kafka topics of the token area, owned by token-service. */
public final class TokenTopics {

    /** Token events. Key: workspace name. */
    public static final String EVENTS = "bricklayer.token.events";

    /** The event types {@link #EVENTS} carries. */
    public static final List<Class<?>> EVENT_TYPES = List.of(TokenPolicyApplied.class, TokenPolicyFailed.class, TokenRevoked.class,
            TokenViolationFound.class, TokenSweepCompleted.class);

    private TokenTopics() {
    }
}
