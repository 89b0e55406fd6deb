package dev.bricklayer.emulator.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.account.Account;
import dev.bricklayer.emulator.account.Federation;
import dev.bricklayer.emulator.account.Metastores;
import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;

/**
 * What every Unity Catalog call on a workspace host needs (reference §7.8): the workspace's account and metastore — a
 * Standard-tier workspace answers 404 {@code FEATURE_DISABLED}, one without a metastore 404
 * {@code METASTORE_DOES_NOT_EXIST} — the metastore's catalogs and grants, who may manage a securable (a workspace admin,
 * standing for a metastore admin, or its owner: else 403 {@code PERMISSION_DENIED}), which principals exist (only the
 * account's: a workspace-local group is {@code Could not find principal with name …}), and whether an {@code ISOLATED}
 * catalog is bound to the workspace.
 */
@Component
class UnityCatalog {

    /** One metastore's state. */
    record Data(CatalogStore catalogs, GrantStore grants) {
    }

    /** The metastores' state of an account, by metastore id. */
    static final class ByMetastore {
        final Map<String, Data> data = new ConcurrentHashMap<>();
    }

    /** A call: its workspace, account, metastore and caller, and the metastore's state. */
    record Call(EmulatedWorkspace workspace, Account account, Metastores.Assignment assignment, Data data, Caller caller) {

        CatalogStore catalogs() {
            return data.catalogs();
        }

        GrantStore grants() {
            return data.grants();
        }

        long workspaceId() {
            return assignment.workspaceId();
        }
    }

    private final Federation federation;
    private final int notFoundStatus;

    UnityCatalog(Federation federation, EmulatorProperties properties) {
        this.federation = federation;
        this.notFoundStatus = properties.accounts().notFoundStatus();
    }

    Call of(ServerRequest request) {
        return of(EmulatedWorkspace.of(request), Caller.of(request));
    }

    /** The call of {@code caller} on {@code workspace}: 404 without Unity Catalog. */
    Call of(EmulatedWorkspace workspace, Caller caller) {
        requireTier(workspace);
        Account account = federation.accountOf(workspace);
        Metastores.Assignment assignment = Federation.metastores(account).requireAssignment(Long.parseLong(workspace.workspaceId()));
        Data data = account.store(ByMetastore.class, ByMetastore::new).data.computeIfAbsent(assignment.metastoreId(),
                id -> new Data(new CatalogStore(id, notFoundStatus), new GrantStore()));
        return new Call(workspace, account, assignment, data, caller);
    }

    /** 404 {@code FEATURE_DISABLED} on a Standard-tier workspace (reference §7.8.1). */
    static void requireTier(EmulatedWorkspace workspace) {
        if ("standard".equalsIgnoreCase(workspace.sku())) {
            throw EmulatorException.databricks(404, "FEATURE_DISABLED", "Unity Catalog is not available for feature tier STANDARD_TIER.");
        }
    }

    long now() {
        return federation.now();
    }

    /** 403 unless the caller is a workspace admin or owns the securable. */
    static void requireManager(Call call, ObjectNode securable) {
        if (!call.caller().admin() && !call.caller().name().equals(securable.path("owner").asText())) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "User does not have MANAGE on "
                    + securable.path("securable_type").asText("SECURABLE") + " '" + securable.path("full_name").asText() + "'.");
        }
    }

    /** 403 unless the caller is a workspace admin (standing for a metastore admin). */
    static void requireAdmin(Call call) {
        if (!call.caller().admin()) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only a metastore admin can do this.");
        }
    }

    /** The account principal a grant names (user name, group name, application id), or {@code PRINCIPAL_DOES_NOT_EXIST}. */
    void requirePrincipal(Call call, String name) {
        var identities = call.account().identities();
        boolean known = identities.userByName(name).isPresent() || identities.groupByName(name).isPresent()
                || identities.servicePrincipalByApplicationId(name).isPresent();
        if (!known) {
            throw EmulatorException.databricks(notFoundStatus, "PRINCIPAL_DOES_NOT_EXIST", "Could not find principal with name " + name);
        }
    }

    /** The binding of this workspace to the catalog: {@code null} when it is not bound, or the catalog is {@code OPEN}. */
    static String binding(Call call, ObjectNode catalog) {
        if (!"ISOLATED".equals(catalog.path("isolation_mode").asText())) {
            return CatalogStore.READ_WRITE;
        }
        return call.catalogs().bindings(catalog.get("name").asText()).get(call.workspaceId());
    }

    /** 403 when the catalog is {@code ISOLATED} and not bound to this workspace ([K] the text). */
    static ObjectNode requireReadable(Call call, ObjectNode catalog) {
        if (binding(call, catalog) == null) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Catalog '" + catalog.get("name").asText()
                    + "' is not accessible in current workspace.");
        }
        return catalog;
    }

    /** 403 when the catalog is {@code ISOLATED} and bound to this workspace read-only, or not at all. */
    static ObjectNode requireWritable(Call call, ObjectNode catalog) {
        if (!CatalogStore.READ_WRITE.equals(requireReadable(call, catalog) == null ? null : binding(call, catalog))) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Catalog '" + catalog.get("name").asText()
                    + "' is bound read-only to the current workspace.");
        }
        return catalog;
    }
}
