package dev.bricklayer.identity.lifecycle;

import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * What an identity scope does to bring a workspace's identities to its desired state — the part that differs between
 * the workspace scope (workspace SCIM, workspace-local groups) and the account scope (account users, account groups
 * assigned to the workspace, Unity Catalog grants). {@link IdentityScopes} holds one per scope; onboarding and the
 * workspaces' work call them, and do the rest (service principals, Permissions API grants) the same way for both.
 * Every method blocks: it runs on a workspace's worker.
 */
public interface ScopedIdentities {

    /** Bootstrap step {@code groups}: the desired state's groups exist and reach the workspace with their entitlements. */
    void groups(WorkspaceRecord workspace);

    /** Converges up to {@code batch-size} of the people due in the workspace; {@code people} counts those whose work was done or failed. */
    AccessConvergence.Batch people(WorkspaceRecord workspace);

    /** What else of the scope is due in a workspace whose groups exist (account scope: assignments and data grants). */
    void objects(WorkspaceRecord workspace);
}
