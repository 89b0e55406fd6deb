package dev.bricklayer.identity.lifecycle;

import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.bricklayer.identity.directory.PersonAccess;
import dev.bricklayer.identity.rules.Access;
import dev.bricklayer.identity.scim.ScimUsers;

/**
 * What must change for one person in one workspace, from what is provisioned there and what the rules give now —
 * plain computation, no I/O. Joiners, movers, leavers, rehires and back-fills are all this one comparison:
 * <ul>
 *   <li>the user call: none; create (the rules' entitlements in the same request); one update that (re)activates
 *       and adds and removes entitlements; or deactivate;</li>
 *   <li>the user's state once the call is made: active or not, the entitlements Bricklayer gave it;</li>
 *   <li>the managed groups the person is to be in — {@link #membership} turns the groups the user is in into the
 *       groups to join and to leave.</li>
 * </ul>
 *
 * @param call         the user call
 * @param change       what an {@link Call#UPDATE} changes; {@link ScimUsers.Change#NONE} otherwise
 * @param active       whether the user is active afterwards
 * @param entitlements the entitlements Bricklayer gave the user afterwards (a deactivated user keeps them)
 * @param groups       the managed groups the person is to be a member of; empty for someone given nothing here
 * @param granted      whether the rules give the person this workspace ({@code UserProvisioned}) or not
 *                     ({@code UserDeprovisioned})
 */
public record AccessPlan(Call call, ScimUsers.Change change, boolean active, SortedSet<String> entitlements, SortedSet<String> groups,
                         boolean granted) {

    /** The one user call of a person in a workspace. */
    public enum Call { NONE, CREATE, UPDATE, DEACTIVATE }

    /**
     * The group changes of a person whose user is in {@code current} managed groups.
     *
     * @param join      groups to add the user to
     * @param leave     groups to remove the user from
     * @param missing   groups to join that have no SCIM id in the workspace yet (the person is tried again later)
     * @param unmanaged groups the user is recorded in that the workspace no longer manages: dropped from the record,
     *                  never touched
     */
    public record Membership(SortedSet<String> join, SortedSet<String> leave, SortedSet<String> missing, SortedSet<String> unmanaged) {

        public boolean isEmpty() {
            return join.isEmpty() && leave.isEmpty() && missing.isEmpty() && unmanaged.isEmpty();
        }

        /**
         * @param desired  the managed groups the member is to be in
         * @param current  the managed groups it is a member of now
         * @param existing the managed groups that have a SCIM id
         */
        public static Membership of(Set<String> desired, Set<String> current, Set<String> existing) {
            SortedSet<String> join = new TreeSet<>();
            SortedSet<String> missing = new TreeSet<>();
            for (String group : minus(desired, current)) {
                (existing.contains(group) ? join : missing).add(group);
            }
            SortedSet<String> leave = new TreeSet<>();
            SortedSet<String> unmanaged = new TreeSet<>();
            for (String group : minus(current, desired)) {
                (existing.contains(group) ? leave : unmanaged).add(group);
            }
            return new Membership(join, leave, missing, unmanaged);
        }
    }

    public AccessPlan {
        entitlements = new TreeSet<>(entitlements);
        groups = new TreeSet<>(groups);
    }

    /**
     * @param before  what is provisioned for the person in the workspace; {@code null} when nothing ever was
     * @param desired what the rules give the person there now; empty for a leaver and for anyone no rule gives it
     */
    public static AccessPlan of(PersonAccess before, Optional<Access> desired) {
        if (desired.isPresent()) {
            SortedSet<String> entitlements = desired.get().entitlements();
            SortedSet<String> groups = desired.get().groups();
            if (before == null) {
                return new AccessPlan(Call.CREATE, ScimUsers.Change.NONE, true, entitlements, groups, true);
            }
            ScimUsers.Change change = new ScimUsers.Change(!before.active(), minus(entitlements, before.entitlements()),
                    minus(before.entitlements(), entitlements));
            return new AccessPlan(change.isEmpty() ? Call.NONE : Call.UPDATE, change, true, entitlements, groups, true);
        }
        if (before == null) {
            return new AccessPlan(Call.NONE, ScimUsers.Change.NONE, false, new TreeSet<>(), new TreeSet<>(), false);
        }
        return new AccessPlan(before.active() ? Call.DEACTIVATE : Call.NONE, ScimUsers.Change.NONE, false, before.entitlements(),
                new TreeSet<>(), false);
    }

    /**
     * @param current  the managed groups the user is a member of now
     * @param existing the managed groups that have a SCIM id in the workspace
     */
    public Membership membership(Set<String> current, Set<String> existing) {
        return Membership.of(groups, current, existing);
    }

    private static SortedSet<String> minus(Set<String> a, Set<String> b) {
        TreeSet<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
