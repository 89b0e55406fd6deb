package dev.bricklayer.common.events.identity;

import java.util.List;

/** Kafka topics of the identity area, owned by identity-service. */
public final class IdentityTopics {

    /** Identity events. Key: workspace name for workspace events, employee id for people events. */
    public static final String EVENTS = "bricklayer.identity.events";

    /** The event types {@link #EVENTS} carries. */
    public static final List<Class<?>> EVENT_TYPES = List.of(WorkspaceIdentityBootstrapped.class, IdentityBootstrapFailed.class,
            UserProvisioned.class, UserDeprovisioned.class, AccessGranted.class, HrEventRejected.class, HrEventIgnored.class,
            GroupAssigned.class, DataGrantApplied.class, DataGrantRemoved.class);

    private IdentityTopics() {
    }
}
