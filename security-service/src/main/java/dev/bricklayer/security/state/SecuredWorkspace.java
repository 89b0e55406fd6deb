package dev.bricklayer.security.state;

import java.time.Instant;
import java.util.List;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.http.WorkspaceTarget;

/**
 * A workspace security-service secures, as stored.
 *
 * @param name           workspace name
 * @param workspaceUrl   the workspace host (ARM's {@code workspaceUrl})
 * @param resourceId     the ARM resource id
 * @param desired        the desired state of its last {@code WorkspaceReady}
 * @param receivedAt     when that event was taken in
 * @param status         how the last reconcile ended
 * @param reconciledAt   when it ended; {@code null} before the first
 * @param failureStep    the step of the last failure or refusal, else {@code null}
 * @param failureCode    its code
 * @param failureMessage its message
 * @param driftCheckedAt when drift was last checked; {@code null} before the first
 * @param driftOutcome   what that check found: {@code IN_SYNC}, {@code DRIFT_REPORTED}, {@code DRIFT_CORRECTED}
 * @param drift          the differences it found
 */
public record SecuredWorkspace(
        String name,
        String workspaceUrl,
        String resourceId,
        DesiredState desired,
        Instant receivedAt,
        Status status,
        Instant reconciledAt,
        String failureStep,
        String failureCode,
        String failureMessage,
        Instant driftCheckedAt,
        String driftOutcome,
        List<DriftEntry> drift) {

    public SecuredWorkspace {
        drift = drift == null ? List.of() : List.copyOf(drift);
    }

    /** The workspace as the common HTTP stack calls it: the platform's service principal with AAD tokens. */
    public WorkspaceTarget target() {
        return WorkspaceTarget.aad(name, workspaceUrl, resourceId);
    }

    /** How the last reconcile of a workspace ended. */
    public enum Status {
        /** A desired state was received; its reconcile has not ended yet. */
        PENDING,
        /** The workspace has its desired state; drift is checked on the schedule. */
        SECURED,
        /** The desired state was refused before anything was changed; waits for a new one. */
        REFUSED,
        /** A call failed in a way retrying cannot fix (e.g. a cluster spec its policy forbids); waits for a new state or an on-demand reconcile. */
        FAILED,
        /** A call failed in a way that may pass (throttling after every retry, the workspace unreachable); the schedule tries again. */
        RETRYING
    }
}
