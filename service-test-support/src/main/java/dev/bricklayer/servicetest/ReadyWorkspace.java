package dev.bricklayer.servicetest;

import dev.bricklayer.common.http.WorkspaceTarget;

/**
 * A workspace deployed through ARM ({@link EmulatedAzure#deployWorkspace}): what {@code WorkspaceReady} carries about it.
 *
 * @param resourceId   the ARM resource id, as ARM answers it
 * @param workspaceUrl host and port of the workspace, without scheme (as ARM's {@code workspaceUrl})
 */
public record ReadyWorkspace(String name, String resourceId, String workspaceId, String workspaceUrl) {

    /** The workspace for the common HTTP stack, called as the platform's app. */
    public WorkspaceTarget target() {
        return WorkspaceTarget.aad(name, workspaceUrl, resourceId);
    }
}
