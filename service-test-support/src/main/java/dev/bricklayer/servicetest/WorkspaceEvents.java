package dev.bricklayer.servicetest;

import java.time.Instant;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceReady;

/**
 * Object mother of workspace-service's events as the governing services' tests receive them: a deployed workspace
 * announced {@code WorkspaceReady} with a desired state, as workspace-service announces it (request {@code req-<name>},
 * premium tier, now).
 */
public final class WorkspaceEvents {

    private WorkspaceEvents() {
    }

    /** {@code WorkspaceReady} of a workspace without a metastore. */
    public static WorkspaceReady ready(ReadyWorkspace workspace, DesiredState desiredState) {
        return ready(workspace, desiredState, null);
    }

    /** {@code WorkspaceReady} of a workspace with the metastore assigned to it ({@code null}: none). */
    public static WorkspaceReady ready(ReadyWorkspace workspace, DesiredState desiredState, String metastoreId) {
        return new WorkspaceReady(workspace.name(), "req-" + workspace.name(), workspace.resourceId(), workspace.workspaceId(),
                workspace.workspaceUrl(), PricingTier.PREMIUM, desiredState, Instant.now(), metastoreId);
    }
}
