package dev.bricklayer.emulator.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.workspace.IdentityStore;

/**
 * One Azure Databricks account (one per Entra ID tenant): its users, groups and service principals (account SCIM), who
 * its admins are, and whether it uses automatic identity management. Each API area keeps the rest of its state in a
 * store of its own, got with {@link #store(Class, Supplier)}; every store locks itself.
 */
public final class Account {

    /** The account admin role of account SCIM ({@code roles}). */
    public static final String ADMIN_ROLE = "account_admin";

    private final String id;
    private final String tenantId;
    private final Set<String> adminApps;
    private volatile boolean automaticIdentityManagement;
    private final boolean groupListsWithMembers;
    private final IdentityStore identities;
    private final Map<Class<?>, Object> stores = new ConcurrentHashMap<>();

    Account(String id, String tenantId, List<String> adminApps, boolean automaticIdentityManagement,
            boolean groupListsWithMembers, ObjectMapper mapper) {
        this.id = id;
        this.tenantId = tenantId;
        this.adminApps = Set.copyOf(adminApps.stream().map(a -> a.toLowerCase(java.util.Locale.ROOT)).toList());
        this.automaticIdentityManagement = automaticIdentityManagement;
        this.groupListsWithMembers = groupListsWithMembers;
        this.identities = IdentityStore.forAccount(mapper, 7_000_000_000_000_000L
                + Math.floorMod(id.hashCode(), 1000) * 1_000_000_000_000L);
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public IdentityStore identities() {
        return identities;
    }

    public boolean automaticIdentityManagement() {
        return automaticIdentityManagement;
    }

    /** Turns automatic identity management on or off (the account console's switch). */
    public void automaticIdentityManagement(boolean enabled) {
        this.automaticIdentityManagement = enabled;
    }

    /** Whether {@code GET /Groups} lists members, as for accounts older than 2025-08-22. */
    public boolean groupListsWithMembers() {
        return groupListsWithMembers;
    }

    /**
     * Whether an app ({@code applicationId}) or a user ({@code userName}) is an account admin: an app configured so, or
     * the account's service principal or user holding the {@code account_admin} role, itself or through a group.
     */
    public boolean isAdmin(String applicationIdOrUserName) {
        if (adminApps.contains(applicationIdOrUserName.toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        synchronized (identities) {
            Optional<ObjectNode> sp = identities.servicePrincipalByApplicationId(applicationIdOrUserName)
                    .or(() -> identities.userByName(applicationIdOrUserName));
            if (sp.isEmpty() || !sp.get().path("active").asBoolean(true)) {
                return false;
            }
            String spId = sp.get().get("id").asText();
            if (hasAdminRole(sp.get())) {
                return true;
            }
            return identities.allGroupsOf(spId).stream().map(identities.groups()::get).anyMatch(Account::hasAdminRole);
        }
    }

    private static boolean hasAdminRole(JsonNode principal) {
        for (JsonNode role : principal.path("roles")) {
            if (ADMIN_ROLE.equals(role.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The store of an API area, made on first use. */
    @SuppressWarnings("unchecked")
    public <T> T store(Class<T> type, Supplier<T> create) {
        return (T) stores.computeIfAbsent(type, t -> create.get());
    }
}
