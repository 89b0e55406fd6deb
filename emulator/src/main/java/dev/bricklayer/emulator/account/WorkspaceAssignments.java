package dev.bricklayer.emulator.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which account principals are assigned to which workspace, with which permissions ({@code USER} or {@code ADMIN};
 * reference §7.3). Every method locks the store.
 */
public final class WorkspaceAssignments {

    public static final String USER = "USER";
    public static final String ADMIN = "ADMIN";

    private final Map<Long, Map<String, String>> byWorkspace = new LinkedHashMap<>();

    /**
     * The permission {@code requested} comes to: {@code ADMIN} when it is among them, else {@code USER} when it is, else
     * none ("Other values will be ignored"; case-sensitive).
     */
    public static String permission(List<String> requested) {
        return requested.contains(ADMIN) ? ADMIN : requested.contains(USER) ? USER : null;
    }

    /** Sets (null: removes) a principal's permission on a workspace; the one it had, or null. */
    public synchronized String set(long workspaceId, String principalId, String permission) {
        Map<String, String> principals = byWorkspace.computeIfAbsent(workspaceId, w -> new LinkedHashMap<>());
        return permission == null ? principals.remove(principalId) : principals.put(principalId, permission);
    }

    /** The workspace's assignments: principal id → permission, in the order they were made. */
    public synchronized Map<String, String> of(long workspaceId) {
        return new LinkedHashMap<>(byWorkspace.getOrDefault(workspaceId, Map.of()));
    }

    /** Forgets a principal (deleted from the account) everywhere. */
    public synchronized void forget(Set<String> principalIds) {
        byWorkspace.values().forEach(principals -> principals.keySet().removeAll(principalIds));
    }
}
