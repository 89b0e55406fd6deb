package dev.bricklayer.identity.directory;

import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What is provisioned for a person in one workspace.
 *
 * @param employeeId    the HR id
 * @param workspaceName the workspace
 * @param scimUserId    the SCIM user id there
 * @param active        whether the user is active
 * @param groups        managed groups the user is a member of
 * @param entitlements  entitlements Bricklayer gave the user
 * @param adopted       the user existed before Bricklayer provisioned it
 * @param updatedAt     when this was last changed
 */
public record PersonAccess(String employeeId, String workspaceName, String scimUserId, boolean active, SortedSet<String> groups,
                           SortedSet<String> entitlements, boolean adopted, Instant updatedAt) {

    public PersonAccess {
        groups = groups == null ? new TreeSet<>() : new TreeSet<>(groups);
        entitlements = entitlements == null ? new TreeSet<>() : new TreeSet<>(entitlements);
    }
}
