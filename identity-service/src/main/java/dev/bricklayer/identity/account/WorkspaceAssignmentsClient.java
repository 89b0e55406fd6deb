package dev.bricklayer.identity.account;

import java.util.List;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.identity.account.AccountModel.PermissionAssignment;
import dev.bricklayer.identity.account.AccountModel.PermissionAssignments;
import dev.bricklayer.identity.account.AccountModel.PermissionsRequest;
import reactor.core.publisher.Mono;

/**
 * Workspace assignment on the account host, {@code /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/permissionassignments}
 * (reference §7.3): an account principal reaches an identity-federated workspace with {@code USER} or {@code ADMIN}.
 * A PUT answers 200 even when it did not assign: the item's {@code error} says why.
 */
public class WorkspaceAssignmentsClient {

    private final ApiClientFactory clients;

    public WorkspaceAssignmentsClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code PUT …/permissionassignments/principals/{principal_id}} {@code {"permissions": [permission]}}: creates or updates. */
    public Mono<PermissionAssignment> assign(String workspaceId, String principalId, String permission) {
        return clients.account().put()
                .uri("/api/2.0/accounts/{account}/workspaces/{workspace}/permissionassignments/principals/{principal}",
                        clients.accountId(), workspaceId, principalId)
                .bodyValue(new PermissionsRequest(List.of(permission))).retrieve().bodyToMono(PermissionAssignment.class);
    }

    /** {@code GET …/permissionassignments}: every principal assigned to the workspace. */
    public Mono<PermissionAssignments> list(String workspaceId) {
        return clients.account().get()
                .uri("/api/2.0/accounts/{account}/workspaces/{workspace}/permissionassignments", clients.accountId(), workspaceId)
                .retrieve().bodyToMono(PermissionAssignments.class);
    }
}
