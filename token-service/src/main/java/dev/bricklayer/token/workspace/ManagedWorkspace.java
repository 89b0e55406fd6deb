package dev.bricklayer.token.workspace;

import java.util.Objects;

import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.http.WorkspaceTarget;

/**
 * A workspace token-service governs.
 *
 * @param name         workspace name
 * @param workspaceUrl ARM {@code workspaceUrl}
 * @param resourceId   ARM resource id
 * @param tokenPolicy  the token policy; {@code null}: tokens are left as they are (leavers' tokens are still revoked)
 * @param policyStatus where applying the policy stands
 * @param policyError  why applying it failed, if it did
 * @param policyVersion the version of the policy recorded (one more at each policy recorded)
 */
public record ManagedWorkspace(String name, String workspaceUrl, String resourceId, TokenPolicy tokenPolicy,
                               PolicyStatus policyStatus, String policyError, long policyVersion) {

    public ManagedWorkspace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workspaceUrl, "workspaceUrl");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(policyStatus, "policyStatus");
    }

    /** How to call it: as the platform's service principal, with AAD tokens. */
    public WorkspaceTarget target() {
        return WorkspaceTarget.aad(name, workspaceUrl, resourceId);
    }

    /** Where applying a workspace's token policy stands. */
    public enum PolicyStatus {
        /** No token policy: nothing to apply. */
        NONE,
        /** To be applied (also after a restart). */
        PENDING,
        APPLIED,
        FAILED
    }
}
