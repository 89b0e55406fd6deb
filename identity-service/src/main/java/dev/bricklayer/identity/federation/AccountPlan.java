package dev.bricklayer.identity.federation;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.federation.AccountStore.AccountUser;
import dev.bricklayer.identity.lifecycle.AccessPlan;
import dev.bricklayer.identity.lifecycle.DesiredAccess;
import dev.bricklayer.identity.rules.Access;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * What must change for one person in the account (account scope), from their account user and what the rules give them
 * in every account-scope workspace — plain computation, no I/O. A person reaches a workspace through the account groups
 * the rules give there, so they need an account user when any such workspace gives them a group, and are a member of
 * the union of those groups; the number of workspaces changes nothing here.
 * <ul>
 *   <li>the user call: none; create (adopting one that exists); (re)activate; deactivate (a leaver, or someone no rule
 *       gives anything any more); or — where the account syncs identities from Entra ID — resolve;</li>
 *   <li>the managed groups the user is to be in ({@link #membership}); none where Entra ID syncs them.</li>
 * </ul>
 *
 * @param call      the user call
 * @param active    whether the user is active afterwards
 * @param groups    the managed account groups the person is to be a member of
 * @param automatic whether the account syncs identities from Entra ID: Bricklayer only resolves the user
 */
public record AccountPlan(Call call, boolean active, SortedSet<String> groups, boolean automatic) {

    /** The one account call of a person. */
    public enum Call { NONE, CREATE, ACTIVATE, DEACTIVATE, RESOLVE }

    /**
     * What the rules give a person in the account.
     *
     * @param groups the account groups the person is to be in: those the rules give in any account-scope workspace
     */
    public record Desired(SortedSet<String> groups) {

        public Desired {
            groups = new TreeSet<>(groups);
        }

        /** Whether the person needs an account user: some workspace is reached through a group. */
        public boolean needsUser() {
            return !groups.isEmpty();
        }

        /** @param workspaces the account-scope workspaces */
        public static Desired of(Person person, List<WorkspaceRecord> workspaces, DesiredAccess rules) {
            SortedSet<String> groups = new TreeSet<>();
            for (WorkspaceRecord workspace : workspaces) {
                rules.of(person, workspace).map(Access::groups).ifPresent(groups::addAll);
            }
            return new Desired(groups);
        }
    }

    public AccountPlan {
        groups = new TreeSet<>(groups);
    }

    /**
     * @param before    the person's account user as recorded; {@code null} when there is none yet
     * @param automatic whether the account syncs identities from Entra ID (no user nor membership is Bricklayer's)
     */
    public static AccountPlan of(AccountUser before, Desired desired, boolean automatic) {
        boolean needed = desired.needsUser();
        SortedSet<String> groups = needed ? desired.groups() : new TreeSet<>();
        if (automatic) {
            return before == null
                    ? new AccountPlan(needed ? Call.RESOLVE : Call.NONE, needed, groups, true)
                    : new AccountPlan(Call.NONE, before.active(), groups, true);
        }
        if (before == null) {
            return new AccountPlan(needed ? Call.CREATE : Call.NONE, needed, groups, false);
        }
        Call call = needed && !before.active() ? Call.ACTIVATE : !needed && before.active() ? Call.DEACTIVATE : Call.NONE;
        return new AccountPlan(call, call == Call.NONE ? before.active() : needed, groups, false);
    }

    /** Whether the account is as the plan wants it already: no call, and (unless Entra ID syncs them) the memberships as recorded. */
    public boolean isCurrent(AccountUser before) {
        return call == Call.NONE && (automatic || (before == null ? groups.isEmpty() : before.groups().equals(groups)));
    }

    /**
     * The group changes of a user in {@code current} managed groups; none where Entra ID syncs memberships.
     *
     * @param existing the managed groups that have an account id
     */
    public AccessPlan.Membership membership(Set<String> current, Set<String> existing) {
        return automatic ? AccessPlan.Membership.of(current, current, existing) : AccessPlan.Membership.of(groups, current, existing);
    }
}
