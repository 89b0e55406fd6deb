package dev.bricklayer.emulator.workspace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Direct access control entries of a workspace's objects, keyed by object path as the Permissions API
 * names it ({@code /clusters/0123-abc}, {@code /cluster-policies/ABC}, {@code /authorization/tokens}).
 * Principals are keyed {@code user:<userName>}, {@code group:<displayName>} or
 * {@code service_principal:<applicationId>}. The Permissions API writes here; the APIs that enforce
 * permissions (token creation, cluster creation under a policy) read here. Inherited admin entries are not
 * stored: {@code admins} can do everything.
 */
public final class AclStore {

    private final Map<String, Map<String, String>> direct = new LinkedHashMap<>();

    public static String userKey(String userName) {
        return "user:" + userName;
    }

    public static String groupKey(String displayName) {
        return "group:" + displayName;
    }

    public static String servicePrincipalKey(String applicationId) {
        return "service_principal:" + applicationId;
    }

    /** The direct entries of an object: principal key → permission level. */
    public synchronized Map<String, String> direct(String objectPath) {
        return new LinkedHashMap<>(direct.getOrDefault(objectPath, Map.of()));
    }

    /** Replaces all direct entries (Permissions API PUT). */
    public synchronized void replace(String objectPath, Map<String, String> entries) {
        direct.put(objectPath, new LinkedHashMap<>(entries));
    }

    /** Adds or changes entries (Permissions API PATCH). */
    public synchronized void merge(String objectPath, Map<String, String> entries) {
        direct.computeIfAbsent(objectPath, k -> new LinkedHashMap<>()).putAll(entries);
    }

    /** Removes every entry of an object (the object was deleted). */
    public synchronized void forget(String objectPath) {
        direct.remove(objectPath);
    }

    /**
     * Whether the caller holds one of {@code levels} on the object, directly or through a group it belongs to
     * (nested groups included); admins always do.
     */
    public synchronized boolean allows(EmulatedWorkspace workspace, Caller caller, String objectPath, Set<String> levels) {
        if (caller.admin()) {
            return true;
        }
        Map<String, String> entries = direct.getOrDefault(objectPath, Map.of());
        String own = caller.kind() == Caller.Kind.USER ? userKey(caller.name()) : servicePrincipalKey(caller.name());
        if (holds(levels, entries.get(own))) {
            return true;
        }
        IdentityStore identities = workspace.identities();
        List<String> groupIds = identities.allGroupsOf(caller.id());
        for (String groupId : groupIds) {
            String name = identities.groups().get(groupId).path("displayName").asText();
            if (holds(levels, entries.get(groupKey(name)))) {
                return true;
            }
        }
        // every user and service principal is implicitly in "users"
        return holds(levels, entries.get(groupKey("users")));
    }

    private static boolean holds(Set<String> levels, String level) {
        return level != null && levels.contains(level);
    }
}
