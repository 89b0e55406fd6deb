package dev.bricklayer.emulator.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.workspace.AccountIdentities;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.emulator.workspace.NewWorkspaceListener;
import dev.bricklayer.emulator.workspace.Workspaces;

/**
 * Identity federation (reference §7.4, §7.7): a workspace with a metastore assigned shows, beside its own identities,
 * the account's principals assigned to it — directly, or as members of an assigned account group — under their account
 * ids; every user and service principal among them is in {@code users}, one assigned {@code ADMIN} (or a group assigned
 * {@code ADMIN}) in {@code admins}. After any change of the account's identities or assignments the workspace copies
 * follow ({@link #accountChanged}); what the workspace itself added (entitlements, its own groups' memberships) stays.
 * A new workspace in a region where its account has a metastore gets it assigned, unless
 * {@code emulator.accounts.auto-assign-metastore} is false.
 *
 * <p>Locks are taken account first, then workspace.
 */
@Component
public class Federation implements AccountIdentities, NewWorkspaceListener {

    private final Accounts accounts;
    private final Workspaces workspaces;
    private final boolean autoAssign;
    private final Clock clock;

    Federation(Accounts accounts, @Lazy Workspaces workspaces, EmulatorProperties properties, Clock clock) {
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.autoAssign = properties.accounts().autoAssignMetastore();
        this.clock = clock;
    }

    static long idOf(EmulatedWorkspace workspace) {
        return Long.parseLong(workspace.workspaceId());
    }

    @Override
    public void created(EmulatedWorkspace workspace) {
        if (!autoAssign) {
            return;
        }
        Metastores metastores = metastores(accounts.forWorkspace(workspace));
        metastores.inRegion(workspace.location()).ifPresent(metastore ->
                metastores.assign(idOf(workspace), metastore.get("metastore_id").asText(), ""));
    }

    @Override
    public boolean federated(EmulatedWorkspace workspace) {
        return metastores(accounts.forWorkspace(workspace)).assignment(idOf(workspace)).isPresent();
    }

    public static Metastores metastores(Account account) {
        return account.store(Metastores.class, Metastores::new);
    }

    static WorkspaceAssignments assignments(Account account) {
        return account.store(WorkspaceAssignments.class, WorkspaceAssignments::new);
    }

    @Override
    public ObjectNode addToWorkspace(EmulatedWorkspace workspace, boolean servicePrincipal, String unique, String displayName,
                                     boolean admin) {
        Account account = accounts.forWorkspace(workspace);
        IdentityStore identities = account.identities();
        String id;
        synchronized (identities) {
            Optional<ObjectNode> existing = servicePrincipal ? identities.servicePrincipalByApplicationId(unique)
                    : identities.userByName(unique);
            id = existing.orElseGet(() -> servicePrincipal ? identities.createServicePrincipal(unique, displayName)
                    : identities.createUser(unique, displayName)).get("id").asText();
        }
        String current = assignments(account).of(idOf(workspace)).get(id);
        assign(account, workspace, id, admin || WorkspaceAssignments.ADMIN.equals(current)
                ? WorkspaceAssignments.ADMIN : WorkspaceAssignments.USER);
        return workspace.identities().principal(id).orElseThrow();
    }

    @Override
    public void removeFromWorkspace(EmulatedWorkspace workspace, String principalId) {
        assign(accounts.forWorkspace(workspace), workspace, principalId, null);
    }

    /** Sets (null: removes) an account principal's permission on a workspace and brings the workspace up to date. */
    void assign(Account account, EmulatedWorkspace workspace, String principalId, String permission) {
        String before = assignments(account).set(idOf(workspace), principalId, permission);
        if (WorkspaceAssignments.ADMIN.equals(before) && !WorkspaceAssignments.ADMIN.equals(permission)) {
            IdentityStore local = workspace.identities();
            local.removeMember(local.adminsGroupId(), principalId);
        }
        boolean group;
        synchronized (account.identities()) {
            group = account.identities().groups().containsKey(principalId);
        }
        if (permission != null && !group) {
            syncPrincipal(account, workspace, principalId, permission);
        } else {
            sync(account, workspace);
        }
    }

    /**
     * A user or service principal (newly) assigned to the workspace: its copy there and the memberships that follow from
     * it, which is all a whole {@link #sync} would change for it — that mirrors every principal of the workspace, too
     * much for each user a workspace's SCIM adds.
     */
    private void syncPrincipal(Account account, EmulatedWorkspace workspace, String id, String permission) {
        IdentityStore source = account.identities();
        IdentityStore local = workspace.identities();
        synchronized (source) {
            ObjectNode principal = source.principal(id).orElse(null);
            if (principal == null) {
                sync(account, workspace);
                return;
            }
            synchronized (local) {
                boolean known = local.isAccountPrincipal(id);
                local.mirror(principal);
                if (!known) {
                    local.addMember(local.usersGroupId(), id);
                    // the copies of assigned account groups list their members the workspace has
                    for (String groupId : source.directGroupsOf(id)) {
                        if (local.isAccountPrincipal(groupId) && local.groups().containsKey(groupId)) {
                            local.addMember(groupId, id);
                        }
                    }
                }
                if (WorkspaceAssignments.ADMIN.equals(permission)) {
                    local.addMember(local.adminsGroupId(), id);
                }
            }
        }
    }

    /** Brings every federated workspace of the account up to date with its identities and assignments. */
    public void accountChanged(Account account) {
        for (EmulatedWorkspace workspace : workspaces.all()) {
            if (accounts.forWorkspace(workspace) == account && federated(workspace)) {
                sync(account, workspace);
            }
        }
    }

    /** Makes the workspace's copies of account principals those its assignments give it. */
    void sync(Account account, EmulatedWorkspace workspace) {
        IdentityStore source = account.identities();
        IdentityStore local = workspace.identities();
        synchronized (source) {
            Map<String, String> assigned = assignments(account).of(idOf(workspace));
            List<String> gone = assigned.keySet().stream().filter(id -> source.principal(id).isEmpty()).toList();
            assignments(account).forget(Set.copyOf(gone));
            gone.forEach(assigned::remove);
            Map<String, ObjectNode> wanted = new LinkedHashMap<>();
            List<String> groups = new ArrayList<>();
            Set<String> visited = new java.util.HashSet<>();
            assigned.keySet().forEach(id -> collect(source, id, wanted, groups, visited, true));
            synchronized (local) {
                Set<String> mirrored = local.accountPrincipalIds();
                mirrored.stream().filter(id -> !wanted.containsKey(id)).forEach(local::delete);
                wanted.values().stream().filter(p -> !source.groups().containsKey(p.get("id").asText())).forEach(principal -> {
                    local.mirror(principal);
                    // one mirrored before is in the workspace's users group since then: looking for it there again made
                    // every sync cost the square of the workspace's principals
                    if (!mirrored.contains(principal.get("id").asText())) {
                        local.addMember(local.usersGroupId(), principal.get("id").asText());
                    }
                });
                for (String groupId : groups) {
                    ObjectNode copy = local.mirror(source.groups().get(groupId));
                    copy.putArray("members");
                    List<String> members = new ArrayList<>();
                    for (JsonNode member : source.groups().get(groupId).path("members")) {
                        if (wanted.containsKey(member.path("value").asText())) {
                            members.add(member.path("value").asText());
                        }
                    }
                    local.addMembers(groupId, members);
                }
                assigned.forEach((id, permission) -> {
                    if (WorkspaceAssignments.ADMIN.equals(permission)) {
                        local.addMember(local.adminsGroupId(), id);
                    }
                });
            }
        }
    }

    /** The principal and, for a group, its users and service principals (nested groups' too); only assigned groups are kept. */
    private static void collect(IdentityStore source, String id, Map<String, ObjectNode> wanted, List<String> groups,
                                Set<String> visited, boolean assigned) {
        ObjectNode principal = source.principal(id).orElse(null);
        if (principal == null) {
            return;
        }
        boolean group = source.groups().containsKey(id);
        if (group) {
            if (assigned && !groups.contains(id)) {
                groups.add(id);
                wanted.put(id, principal);
            }
            if (!visited.add(id)) {
                return;
            }
            for (JsonNode member : principal.path("members")) {
                collect(source, member.path("value").asText(), wanted, groups, visited, false);
            }
        } else {
            wanted.put(id, principal);
        }
    }

    public long now() {
        return clock.millis();
    }

    /**
     * Assigns a metastore to a workspace (overwriting an earlier assignment) and makes the workspace identity-federated.
     * A metastore serves only workspaces of its region (400 {@code INVALID_PARAMETER_VALUE}, [K]).
     */
    public void assignMetastore(Account account, EmulatedWorkspace workspace, String metastoreId, String defaultCatalogName) {
        ObjectNode metastore = metastores(account).require(metastoreId);
        if (!metastore.path("region").asText().equals(Metastores.normalise(workspace.location()))) {
            throw dev.bricklayer.emulator.server.EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Metastore "
                    + metastoreId + " is in region " + metastore.path("region").asText() + " and cannot be assigned to workspace "
                    + workspace.workspaceId() + " in region " + Metastores.normalise(workspace.location()) + ".");
        }
        metastores(account).assign(idOf(workspace), metastoreId, defaultCatalogName);
        accountChanged(account);
    }

    /** A workspace of the account by its id, or 404 {@code RESOURCE_DOES_NOT_EXIST}. */
    public EmulatedWorkspace workspace(Account account, String workspaceId) {
        return workspaces.byWorkspaceId(workspaceId).filter(w -> accounts.forWorkspace(w) == account)
                .orElseThrow(() -> dev.bricklayer.emulator.server.EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST",
                        "Workspace " + workspaceId + " does not exist."));
    }

    /** The account a workspace belongs to. */
    public Account accountOf(EmulatedWorkspace workspace) {
        return accounts.forWorkspace(workspace);
    }
}
