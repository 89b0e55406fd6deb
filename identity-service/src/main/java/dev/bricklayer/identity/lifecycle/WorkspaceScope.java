package dev.bricklayer.identity.lifecycle;

import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/** The workspace scope: groups made through the workspace's SCIM, people converged by {@link AccessConvergence}. */
public class WorkspaceScope implements ScopedIdentities {

    private final ManagedPrincipals principals;
    private final AccessConvergence people;

    public WorkspaceScope(ManagedPrincipals principals, AccessConvergence people) {
        this.principals = principals;
        this.people = people;
    }

    @Override
    public void groups(WorkspaceRecord workspace) {
        for (GroupSpec group : workspace.desiredState().groups()) {
            principals.ensureGroup(workspace, group);
        }
    }

    @Override
    public AccessConvergence.Batch people(WorkspaceRecord workspace) {
        return people.converge(workspace);
    }

    @Override
    public void objects(WorkspaceRecord workspace) {
        // workspace-local groups hold no Unity Catalog privileges, and nothing else is the scope's
    }
}
