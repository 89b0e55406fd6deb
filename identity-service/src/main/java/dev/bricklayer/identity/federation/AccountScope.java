package dev.bricklayer.identity.federation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.identity.datagrants.DataGrants;
import dev.bricklayer.identity.lifecycle.AccessConvergence;
import dev.bricklayer.identity.lifecycle.ScopedIdentities;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * The account scope: the desired state's groups as account groups assigned to the workspace ({@link GroupAssignments}),
 * people as account users reaching it through them ({@link AccountConvergence}), and the Unity Catalog privileges the
 * rules give those groups on the catalogs security-service announced ({@link DataGrants}). Assignments are compared with
 * the rules again in every work cycle of a ready workspace, so a change of the rules, the tags or the desired state
 * reaches them; one that fails then is tried again in the next cycle.
 */
public class AccountScope implements ScopedIdentities {

    private static final Logger log = LoggerFactory.getLogger(AccountScope.class);

    private final GroupAssignments assignments;
    private final AccountConvergence people;
    private final DataGrants dataGrants;

    public AccountScope(GroupAssignments assignments, AccountConvergence people, DataGrants dataGrants) {
        this.assignments = assignments;
        this.people = people;
        this.dataGrants = dataGrants;
    }

    @Override
    public void groups(WorkspaceRecord workspace) {
        assignments.converge(workspace);
    }

    @Override
    public AccessConvergence.Batch people(WorkspaceRecord workspace) {
        return people.converge(workspace);
    }

    @Override
    public void objects(WorkspaceRecord workspace) {
        try {
            assignments.converge(workspace);
        } catch (RuntimeException e) {
            log.warn("Workspace {}: group assignments not converged, tried again in the next cycle: {}", workspace.name(), e.getMessage());
        }
        dataGrants.applyDue(workspace);
    }
}
