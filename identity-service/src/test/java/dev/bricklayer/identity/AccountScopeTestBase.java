package dev.bricklayer.identity;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.security.CatalogProvisioned;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.events.workspace.UnityCatalogSpec;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.emulator.account.Account;
import dev.bricklayer.emulator.account.Accounts;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.servicetest.EmulatedAzure;

/**
 * identity-service's tests of the account scope: workspaces deployed in {@link #FEDERATED_REGION} (identity-federated,
 * the region's metastore assigned as Azure does), desired states in the account scope with Unity Catalog catalogs,
 * catalogs made and announced as security-service would, and what the emulator's account holds.
 */
public abstract class AccountScopeTestBase extends IdentityServiceTestBase {

    public static final String ACCOUNT_SCIM = "/api/2.0/accounts/" + EmulatedAzure.ACCOUNT + "/scim/v2";

    private static ApiClientFactory securityService;

    @Autowired
    protected JdbcTemplate jdbc;

    /** The shipped blueprint's desired state in the account scope, with these catalogs. */
    protected static DesiredState accountScoped(String blueprint, CatalogSpec... catalogs) {
        DesiredState base = blueprint(blueprint);
        return new DesiredState(base.ipAccessLists(), base.clusterPolicies(), base.clusters(), base.groups(), base.servicePrincipals(),
                base.grants(), base.tokenPolicy(), base.driftMode(), base.ipAccessListsAuthoritative(), IdentityScope.ACCOUNT,
                new UnityCatalogSpec(null, List.of(catalogs)));
    }

    protected static CatalogSpec catalog(String name, String... schemas) {
        return new CatalogSpec(name, null, IsolationMode.OPEN, null, List.of(schemas));
    }

    /** Deploys in the federated region, announces with the metastore Azure assigned, waits for {@code WorkspaceIdentityBootstrapped}. */
    protected EmulatedWorkspace readyAccountWorkspace(String name, Map<String, String> tags, DesiredState desiredState) {
        EmulatedWorkspace workspace = deploy(name, tags, FEDERATED_REGION);
        announce(workspace, desiredState, metastoreOf(workspace));
        awaitEvent(name, "WorkspaceIdentityBootstrapped", 1);
        return workspace;
    }

    /** {@code GET /api/2.1/unity-catalog/current-metastore-assignment}: the metastore the workspace has. */
    protected static String metastoreOf(EmulatedWorkspace workspace) {
        return platform().workspace(target(workspace)).get().uri("/api/2.1/unity-catalog/current-metastore-assignment").retrieve()
                .bodyToMono(JsonNode.class).block(Duration.ofSeconds(30)).get("metastore_id").asText();
    }

    /** What security-service does: the catalog and its schemas made (kept when they exist), then {@code CatalogProvisioned}. */
    protected void provisionCatalog(EmulatedWorkspace workspace, String catalog, String... schemas) {
        createIfAbsent(workspace, "/api/2.1/unity-catalog/catalogs", Map.of("name", catalog));
        for (String schema : schemas) {
            createIfAbsent(workspace, "/api/2.1/unity-catalog/schemas", Map.of("catalog_name", catalog, "name", schema));
        }
        announceCatalog(workspace, catalog);
    }

    /** {@code CatalogProvisioned} (again): security-service made or corrected the catalog. */
    protected void announceCatalog(EmulatedWorkspace workspace, String catalog) {
        publisher.publish(SecurityTopics.EVENTS, workspace.name(), new CatalogProvisioned(workspace.name(), catalog, metastoreOf(workspace),
                IsolationMode.OPEN, Instant.now())).block();
    }

    /** The direct grants on a securable, by principal ({@code GET /api/2.1/unity-catalog/permissions/…}). */
    protected static Map<String, Set<String>> grants(EmulatedWorkspace workspace, String type, String fullName) {
        JsonNode answer = platform().workspace(target(workspace)).get().uri("/api/2.1/unity-catalog/permissions/{type}/{name}", type, fullName)
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
        Map<String, Set<String>> grants = new TreeMap<>();
        for (JsonNode assignment : answer.path("privilege_assignments")) {
            Set<String> privileges = new TreeSet<>();
            assignment.path("privileges").forEach(p -> privileges.add(p.asText()));
            grants.put(assignment.path("principal").asText(), privileges);
        }
        return grants;
    }

    /** {@code GET …/workspaces/{id}/permissionassignments}: the account principals assigned to the workspace, by display name. */
    protected static Map<String, String> assignments(EmulatedWorkspace workspace) {
        JsonNode answer = platform().account().get().uri("/api/2.0/accounts/{account}/workspaces/{workspace}/permissionassignments",
                EmulatedAzure.ACCOUNT, workspace.workspaceId()).retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
        Map<String, String> assigned = new TreeMap<>();
        for (JsonNode item : answer.path("permission_assignments")) {
            assigned.put(item.path("principal").path("display_name").asText(), item.path("permissions").path(0).asText());
        }
        return assigned;
    }

    /** Assigns an account principal to the workspace by hand ({@code PUT …/permissionassignments/principals/{id}}). */
    protected static void assign(EmulatedWorkspace workspace, String principalId, String permission) {
        platform().account().put().uri("/api/2.0/accounts/{account}/workspaces/{workspace}/permissionassignments/principals/{id}",
                        EmulatedAzure.ACCOUNT, workspace.workspaceId(), principalId)
                .bodyValue(Map.of("permissions", List.of(permission))).retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
    }

    protected static IdentityStore accountIdentities() {
        Account account = azure.bean(Accounts.class).require(EmulatedAzure.ACCOUNT);
        return account.identities();
    }

    protected static Optional<ObjectNode> accountUser(String userName) {
        IdentityStore identities = accountIdentities();
        synchronized (identities) {
            return identities.userByName(userName).map(ObjectNode::deepCopy);
        }
    }

    /** The account groups a principal is a direct member of, by display name. */
    protected static Set<String> accountGroupsOf(String principalId) {
        IdentityStore identities = accountIdentities();
        synchronized (identities) {
            Set<String> names = new TreeSet<>();
            identities.directGroupsOf(principalId).forEach(id -> names.add(identities.groups().get(id).path("displayName").asText()));
            return names;
        }
    }

    protected static String accountGroupId(String name) {
        return accountIdentities().groupByName(name).orElseThrow().get("id").asText();
    }

    /**
     * Calls the account host served after journal entry {@code since}, as {@code METHOD path status}; an attempt answered
     * 429 is left out (the account's budgets are tight — PATCH 2 a second — and the HTTP stack sends it again).
     */
    protected static List<String> accountCallsSince(long since) {
        return journal().find(e -> "account".equals(e.surface()) && e.sequence() > since && EmulatedAzure.CLIENT_ID.equals(e.principal())
                && e.status() != 429).stream().map(e -> e.method() + " " + e.path() + " " + e.status()).toList();
    }

    /** Calls any of these workspaces served after journal entry {@code since}. */
    protected static List<JournalEntry> workspaceCallsSince(long since, EmulatedWorkspace... workspaces) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (EmulatedWorkspace workspace : workspaces) {
            names.add(workspace.name());
        }
        return journal().find(e -> e.workspace() != null && names.contains(e.workspace()) && e.sequence() > since);
    }

    /** Waits until identity-service has no person to converge anywhere (workspaces and account): earlier tests' work is over. */
    protected void awaitIdle() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select (select count(*) from pending_people) + (select count(*) from pending_account)", Long.class) == 0);
    }

    /** Changes a securable's grants as a workspace admin would by hand ({@code PATCH …/permissions/…}). */
    protected static void patchGrants(EmulatedWorkspace workspace, String type, String fullName, List<Map<String, Object>> changes) {
        platform().workspace(target(workspace)).patch().uri("/api/2.1/unity-catalog/permissions/{type}/{name}", type, fullName)
                .bodyValue(Map.of("changes", changes)).retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
    }

    /** {@code POST} as the platform's app (a workspace admin); a 409 (it exists already) is fine. */
    protected static void createIfAbsent(EmulatedWorkspace workspace, String path, Map<String, String> body) {
        try {
            platform().workspace(target(workspace)).post().uri(path).bodyValue(body).retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
        }
    }

    private static WorkspaceTarget target(EmulatedWorkspace workspace) {
        return WorkspaceTarget.aad(workspace.name(), workspace.host(), workspace.resourceId());
    }

    /** The platform's app through the common HTTP stack, as security-service calls (its own name in the audit). */
    private static synchronized ApiClientFactory platform() {
        if (securityService == null) {
            securityService = azure.apiClients("security-service", Map.of());
        }
        return securityService;
    }
}
