package dev.bricklayer.identity.lifecycle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.directory.PersonAccess;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * Marks whose access in which workspace is to be converged ({@link PendingPeople}): a person in every workspace the
 * rules give them now and every workspace they have access in (so that access no rule gives any more is found
 * without scanning the workspaces), and in the account when they have an account user ({@link PendingAccount}: a
 * leaver is deactivated there even when no workspace is left); a workspace for everyone the rules give it and everyone
 * provisioned there.
 */
public class ConvergenceMarker {

    private final PeopleStore people;
    private final AccessStore access;
    private final PendingPeople pending;
    private final PendingAccount account;
    private final DesiredAccess desired;

    public ConvergenceMarker(PeopleStore people, AccessStore access, PendingPeople pending, PendingAccount account, DesiredAccess desired) {
        this.people = people;
        this.access = access;
        this.pending = pending;
        this.account = account;
        this.desired = desired;
    }

    /** Marks a person where their access may have to change; answers those workspaces. */
    public List<String> markPerson(Person person, List<WorkspaceRecord> workspaces) {
        Set<String> marked = new LinkedHashSet<>();
        for (PersonAccess provisioned : access.accessOf(person.employeeId())) {
            marked.add(provisioned.workspaceName());
        }
        for (WorkspaceRecord workspace : workspaces) {
            if (desired.of(person, workspace).isPresent()) {
                marked.add(workspace.name());
            }
        }
        Set<String> known = new HashSet<>();
        workspaces.forEach(w -> known.add(w.name()));
        marked.retainAll(known);
        marked.forEach(workspace -> pending.mark(workspace, person.employeeId()));
        account.markIfInAccount(person.employeeId());
        return new ArrayList<>(marked);
    }

    /** Marks everyone the rules give a workspace, and everyone provisioned there; answers how many. */
    public int markEveryoneIn(WorkspaceRecord workspace) {
        Set<String> ids = new LinkedHashSet<>(access.employeesWithAccessIn(workspace.name()));
        people.forEachActive(person -> {
            if (desired.of(person, workspace).isPresent()) {
                ids.add(person.employeeId());
            }
        });
        pending.markAll(workspace.name(), ids);
        return ids.size();
    }
}
