package dev.bricklayer.workspace.onboarding;

import java.time.Instant;

/**
 * What workspace-service knows of one workspace (a row of {@code workspaces}).
 *
 * @param status   PROVISIONING, READY, ONBOARDED, FAILED, DECOMMISSIONING or DECOMMISSIONED
 * @param armOptions  the blueprint's ARM options as JSON; {@code null} for none (the 2024-05-01 template)
 * @param metastore   the metastore step: {@code null} until it starts, then {@code IN_PROGRESS}, {@code DONE},
 *                    {@code NOT_NEEDED} (workspace scope without Unity Catalog) or {@code FAILED: code}
 * @param metastoreId the metastore the workspace has, once the step is done
 * @param secured     null until security-service reports, then {@code DONE} or {@code FAILED: reason}; the same for
 *                    {@code identity} and {@code tokens}; each step's {@code …At} says when it settled
 * @param putSentAt   when the deployment's PUT was sent ({@code null}: not yet); with no {@code statusUrl}, it may
 *                    have been accepted all the same
 */
public record WorkspaceRecord(
        String workspaceName,
        String requestId,
        String request,
        String requestHash,
        String blueprint,
        String desiredState,
        String status,
        String deploymentName,
        String statusUrl,
        String resourceId,
        String workspaceId,
        String workspaceUrl,
        String errorCode,
        String errorMessage,
        String secured,
        String identity,
        String tokens,
        Instant createdAt,
        Instant updatedAt,
        Instant deployedAt,
        Instant securedAt,
        Instant identityAt,
        Instant tokensAt,
        String armOptions,
        String metastore,
        String metastoreId,
        Instant metastoreAt,
        Instant putSentAt) {

    public boolean inProgressOrDone() {
        return "PROVISIONING".equals(status) || "READY".equals(status) || "ONBOARDED".equals(status);
    }
}
