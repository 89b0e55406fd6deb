package dev.bricklayer.identity.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.bricklayer.identity.people.PeopleStore;
import dev.bricklayer.identity.people.Person;
import dev.bricklayer.identity.people.PersonAccess;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * Decides whose access in which workspace is to be converged: a person in every workspace the rules give them now
 * and every workspace they have access in (so that access no rule gives any more is found without scanning the
 * workspaces), a workspace for everyone the rules give it and everyone provisioned there.
 */
public class PeopleMarks {

    private final PeopleStore people;
    private final PendingPeople pending;
    private final JoinerMoverLeaver lifecycle;

    public PeopleMarks(PeopleStore people, PendingPeople pending, JoinerMoverLeaver lifecycle) {
        this.people = people;
        this.pending = pending;
        this.lifecycle = lifecycle;
    }

    /** Marks a person where their access may have to change; answers those workspaces. */
    public List<String> markPerson(Person person, List<WorkspaceRecord> workspaces) {
        Set<String> marked = new LinkedHashSet<>();
        for (PersonAccess access : people.accessOf(person.employeeId())) {
            marked.add(access.workspaceName());
        }
        for (WorkspaceRecord workspace : workspaces) {
            if (lifecycle.desired(person, workspace).isPresent()) {
                marked.add(workspace.name());
            }
        }
        Set<String> known = new java.util.HashSet<>();
        workspaces.forEach(w -> known.add(w.name()));
        marked.retainAll(known);
        marked.forEach(workspace -> pending.mark(workspace, person.employeeId()));
        return new ArrayList<>(marked);
    }

    /** Marks everyone the rules give a workspace, and everyone provisioned there; answers how many. */
    public int markEveryoneIn(WorkspaceRecord workspace) {
        Set<String> ids = new LinkedHashSet<>(people.employeesWithAccessIn(workspace.name()));
        people.forEachActive(person -> {
            if (lifecycle.desired(person, workspace).isPresent()) {
                ids.add(person.employeeId());
            }
        });
        pending.markAll(workspace.name(), ids);
        return ids.size();
    }
}
