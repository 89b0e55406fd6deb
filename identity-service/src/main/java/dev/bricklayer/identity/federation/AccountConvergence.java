package dev.bricklayer.identity.federation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.directory.PersonAccess;
import dev.bricklayer.identity.federation.AccountStore.AccountUser;
import dev.bricklayer.identity.lifecycle.AccessConvergence;
import dev.bricklayer.identity.lifecycle.AccessPlan;
import dev.bricklayer.identity.lifecycle.AccessRecorder;
import dev.bricklayer.identity.lifecycle.ConvergedAccess;
import dev.bricklayer.identity.lifecycle.DesiredAccess;
import dev.bricklayer.identity.lifecycle.PendingAccount;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.rules.Access;
import dev.bricklayer.identity.scim.ScimUsers;
import dev.bricklayer.identity.scim.ScimUsersClient;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * Converges the people marked in an account-scope workspace, a batch at a time. A person's account user and account
 * group memberships are the account's, not the workspace's: a person whose account is not yet as the rules want it
 * (an {@link AccountPlan} with something to do) is marked in the account and {@link AccountPeople} converges the
 * account's marks — once, whichever workspace got there first; the others find the account done and make no account
 * call. Then, per person, what reaching this workspace means is recorded: reached through the account groups the rules
 * give here that the user is a member of, with the user entitlements the rules give set on the account user in this
 * workspace ({@code PATCH /Users/{account user id}} through the workspace's SCIM — entitlements are a workspace matter);
 * {@code UserProvisioned} / {@code UserDeprovisioned} as in the workspace scope, with the account user's id. A person
 * whose account work is not done yet keeps the workspace's mark and is served in a later cycle. Blocking: runs on a
 * workspace's worker.
 */
public class AccountConvergence {

    private static final Logger log = LoggerFactory.getLogger(AccountConvergence.class);

    private final PeopleStore people;
    private final AccessStore access;
    private final PendingPeople pending;
    private final DesiredAccess desired;
    private final AccountStore account;
    private final PendingAccount accountMarks;
    private final AccountPeople accountPeople;
    private final ScimUsersClient workspaceUsers;
    private final AccessRecorder recorder;
    private final IdentityProperties properties;
    private final boolean automatic;

    public AccountConvergence(PeopleStore people, AccessStore access, PendingPeople pending, DesiredAccess desired, AccountStore account,
                              PendingAccount accountMarks, AccountPeople accountPeople, ScimUsersClient workspaceUsers, AccessRecorder recorder, IdentityProperties properties,
                              boolean automatic) {
        this.people = people;
        this.access = access;
        this.pending = pending;
        this.desired = desired;
        this.account = account;
        this.accountMarks = accountMarks;
        this.accountPeople = accountPeople;
        this.workspaceUsers = workspaceUsers;
        this.recorder = recorder;
        this.properties = properties;
        this.automatic = automatic;
    }

    /** Converges up to {@code batch-size} of the people due in the workspace; {@code people} counts those recorded. */
    public AccessConvergence.Batch converge(WorkspaceRecord workspace) {
        List<PendingPeople.Mark> marks = pending.due(workspace.name(), properties.batchSize());
        if (marks.isEmpty()) {
            return AccessConvergence.Batch.NONE;
        }
        List<String> ids = marks.stream().map(PendingPeople.Mark::employeeId).toList();
        Map<String, Person> persons = people.find(ids);
        List<WorkspaceRecord> scope = accountPeople.accountScope();
        Map<String, PersonAccess> provisioned = access.accessIn(workspace.name(), ids);
        // the marks first, the account users after: the account's work saves a user before it clears its mark, so a
        // person whose mark is gone by now has their user as the account's work left it
        Set<String> waiting = new HashSet<>(accountMarks.marked(ids));
        Map<String, AccountUser> before = adoptFromWorkspace(account.users(ids), provisioned);
        List<String> stale = ids.stream().filter(id -> persons.containsKey(id) && !waiting.contains(id)
                && !accountPeople.plan(persons.get(id), before.get(id), scope).isCurrent(before.get(id))).toList();
        accountMarks.mark(stale);
        waiting.addAll(stale);
        Map<String, AccountUser> users = before;
        if (!waiting.isEmpty() && accountPeople.convergeDue() > 0) {
            waiting.retainAll(accountMarks.marked(ids));
            users = account.users(ids);
        }
        int recorded = 0;
        int failed = 0;
        int calls = 0;
        List<ConvergedAccess> done = new ArrayList<>();
        for (PendingPeople.Mark mark : marks) {
            if (waiting.contains(mark.employeeId())) {
                continue; // the account work of this person is not done yet
            }
            Reached reached = reach(workspace, mark, persons.get(mark.employeeId()), users.get(mark.employeeId()),
                    provisioned.get(mark.employeeId()));
            recorded++;
            calls += reached.calls();
            done.add(reached.done());
            if (reached.done().error() != null) {
                failed++;
            }
        }
        int changed = recorder.recordAll(workspace.name(), done);
        if (recorded > 0) {
            log.info("Workspace {}: {} people converged ({} changed, {} to retry) with {} workspace calls; {} wait for their account user",
                    workspace.name(), recorded, changed, failed, calls, marks.size() - recorded);
        } else {
            log.debug("Workspace {}: {} people wait for their account user", workspace.name(), marks.size());
        }
        return new AccessConvergence.Batch(recorded, changed, failed, calls);
    }

    private record Reached(ConvergedAccess done, int calls) {
    }

    /**
     * A person with no account user recorded but a user found in this workspace — a leaver Bricklayer never provisioned,
     * whose user made by hand was found here — has that account user recorded as theirs (adopted), so that the account
     * deactivates it.
     */
    private Map<String, AccountUser> adoptFromWorkspace(Map<String, AccountUser> users, Map<String, PersonAccess> provisioned) {
        Map<String, AccountUser> all = new java.util.HashMap<>(users);
        provisioned.forEach((employeeId, here) -> {
            if (!all.containsKey(employeeId) && here.adopted()) {
                AccountUser found = new AccountUser(employeeId, here.scimUserId(), here.active(), new TreeSet<>(), true, here.updatedAt());
                account.save(found);
                all.put(employeeId, found);
            }
        });
        return all;
    }

    /** What the person reaches in this workspace through their account user and groups, its entitlements set here. */
    private Reached reach(WorkspaceRecord workspace, PendingPeople.Mark mark, Person person, AccountUser user, PersonAccess before) {
        Optional<Access> given = desired.of(person, workspace);
        SortedSet<String> groups = new TreeSet<>(given.map(Access::groups).orElse(new TreeSet<>()));
        if (!automatic) {
            groups.retainAll(user == null ? Set.of() : user.groups());
        }
        boolean granted = person != null && user != null && user.active() && !groups.isEmpty();
        Optional<Access> reach = granted ? Optional.of(new Access(groups, given.get().entitlements(), given.get().rules())) : Optional.empty();
        AccessPlan plan = AccessPlan.of(before, reach);
        SortedSet<String> had = before == null ? new TreeSet<>() : before.entitlements();
        SortedSet<String> add = new TreeSet<>(plan.entitlements());
        add.removeAll(had);
        SortedSet<String> remove = new TreeSet<>(had);
        remove.removeAll(plan.entitlements());
        Throwable error = null;
        int calls = 0;
        if (granted && (!add.isEmpty() || !remove.isEmpty())) {
            try {
                calls++;
                workspaceUsers.patch(workspace.target(), user.userId(), new ScimUsers.Change(false, add, remove).operations()).block();
            } catch (RuntimeException e) {
                error = e; // recorded with the entitlements it had, so that the next attempt sets them again
                plan = new AccessPlan(plan.call(), plan.change(), plan.active(), had, plan.groups(), plan.granted());
            }
        }
        String userId = granted ? user.userId() : before != null ? before.scimUserId() : null;
        SortedSet<String> reachedGroups = granted ? groups : new TreeSet<>();
        List<String> removed = before == null ? List.of() : before.groups().stream().filter(g -> !reachedGroups.contains(g)).toList();
        boolean changed = before == null ? granted : before.active() != granted || !before.groups().equals(reachedGroups)
                || !before.entitlements().equals(plan.entitlements()) || !before.scimUserId().equals(userId);
        ConvergedAccess done = new ConvergedAccess(mark, person, before, plan, userId, user != null && user.adopted(), reachedGroups,
                removed, changed, error);
        return new Reached(done, calls);
    }
}
