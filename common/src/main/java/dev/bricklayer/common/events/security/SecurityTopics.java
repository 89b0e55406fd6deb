package dev.bricklayer.common.events.security;

import java.util.List;

/** Kafka topics of the security area, owned by security-service. */
public final class SecurityTopics {

    /** Security events. Key: workspace name. */
    public static final String EVENTS = "bricklayer.security.events";

    /** The event types {@link #EVENTS} carries. */
    public static final List<Class<?>> EVENT_TYPES = List.of(WorkspaceSecured.class, WorkspaceSecuringFailed.class, ClusterPolicyApplied.class,
            ClusterProvisioned.class, DriftDetected.class, DriftCorrected.class, CatalogProvisioned.class);

    private SecurityTopics() {
    }
}
