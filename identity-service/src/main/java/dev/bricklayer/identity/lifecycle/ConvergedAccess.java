package dev.bricklayer.identity.lifecycle;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.directory.PersonAccess;

/**
 * One person's convergence in a workspace, once its calls are made: what is provisioned there now and whether it
 * changed, for {@link AccessRecorder} to keep and announce.
 *
 * @param mark          the mark the work was done for
 * @param person        the person; {@code null} when forgotten meanwhile (nothing to converge)
 * @param before        what was provisioned before; {@code null} when nothing was
 * @param plan          what was to change
 * @param scimUserId    the user's SCIM id; {@code null} when there is no user (none needed, or its creation failed)
 * @param adopted       the user existed before Bricklayer provisioned it
 * @param groups        the managed groups the user is a member of now
 * @param removedGroups the managed groups it was removed from
 * @param changed       whether anything changed in the workspace
 * @param error         why the work is not finished (tried again later); {@code null} when it is
 */
public record ConvergedAccess(PendingPeople.Mark mark, Person person, PersonAccess before, AccessPlan plan, String scimUserId,
                              boolean adopted, SortedSet<String> groups, List<String> removedGroups, boolean changed, Throwable error) {

    public ConvergedAccess {
        groups = new TreeSet<>(groups);
        removedGroups = List.copyOf(removedGroups);
    }
}
