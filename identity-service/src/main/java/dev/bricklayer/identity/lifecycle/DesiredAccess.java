package dev.bricklayer.identity.lifecycle;

import java.util.Optional;

import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.rules.Access;
import dev.bricklayer.identity.rules.AccessRules;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/** What the access rules in force give a person in a workspace now: nothing for a leaver, nor for a person forgotten. */
public class DesiredAccess {

    private final AccessRules rules;

    public DesiredAccess(AccessRules rules) {
        this.rules = rules;
    }

    public Optional<Access> of(Person person, WorkspaceRecord workspace) {
        if (person == null || !person.active()) {
            return Optional.empty();
        }
        return rules.evaluate(person.attributes(), workspace.view());
    }
}
