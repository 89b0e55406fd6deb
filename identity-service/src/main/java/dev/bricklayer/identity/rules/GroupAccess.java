package dev.bricklayer.identity.rules;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

import dev.bricklayer.common.events.identity.WorkspacePermission;

/**
 * What the rules give a workspace's groups in the account scope, whoever is in them.
 *
 * @param permissions the permission each group the rules select here is assigned with ({@code ADMIN} when any rule
 *                    says so); a group of the workspace no rule selects is absent
 * @param privileges  per catalog or schema of the workspace, the privileges each group holds there
 */
public record GroupAccess(Map<String, WorkspacePermission> permissions, SortedMap<Securable, SortedMap<String, SortedSet<String>>> privileges) {

    public GroupAccess {
        permissions = Map.copyOf(permissions);
        privileges = new TreeMap<>(privileges);
    }

    /** The permission {@code group} is assigned with: what the rules say, else {@code USER}. */
    public WorkspacePermission permission(String group) {
        return permissions.getOrDefault(group, WorkspacePermission.USER);
    }
}
