package dev.bricklayer.common.events.workspace;

import java.util.List;

/** Kafka topics of the workspace area, owned by workspace-service. */
public final class WorkspaceTopics {

    /** {@code WorkspaceRequested}: from platform teams (any producer) or workspace-service's REST API. Key: workspace name. */
    public static final String REQUESTS = "bricklayer.workspace.requests";

    /** Workspace lifecycle events published by workspace-service. Key: workspace name. */
    public static final String EVENTS = "bricklayer.workspace.events";

    /** Compacted: the latest {@code WorkspaceState} of every workspace. Key: workspace name; a tombstone removes it. */
    public static final String STATE = "bricklayer.workspace.state";

    /** The event types {@link #REQUESTS} carries; anything else on it is refused. */
    public static final List<Class<?>> REQUEST_TYPES = List.of(WorkspaceRequested.class, WorkspaceDecommissionRequested.class);

    /** The event types {@link #EVENTS} carries. */
    public static final List<Class<?>> EVENT_TYPES = List.of(WorkspaceRequestRejected.class, WorkspaceProvisioningStarted.class,
            WorkspaceReady.class, WorkspaceProvisioningFailed.class, WorkspaceOnboarded.class, WorkspaceDecommissioned.class);

    private WorkspaceTopics() {
    }
}
