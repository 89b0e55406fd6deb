package dev.bricklayer.common.events.workspace;

/** Kafka topics of the workspace area, owned by workspace-service. */
public final class WorkspaceTopics {

    /** {@code WorkspaceRequested}: from platform teams (any producer) or workspace-service's REST API. Key: workspace name. */
    public static final String REQUESTS = "bricklayer.workspace.requests";

    /** Workspace lifecycle events published by workspace-service. Key: workspace name. */
    public static final String EVENTS = "bricklayer.workspace.events";

    /** Compacted: the latest {@code WorkspaceState} of every workspace. Key: workspace name; a tombstone removes it. */
    public static final String STATE = "bricklayer.workspace.state";

    private WorkspaceTopics() {
    }
}
