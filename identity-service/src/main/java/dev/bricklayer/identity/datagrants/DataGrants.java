package dev.bricklayer.identity.datagrants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.identity.DataGrantApplied;
import dev.bricklayer.common.events.identity.DataGrantRemoved;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.datagrants.CatalogGrantStore.CatalogRow;
import dev.bricklayer.identity.datagrants.UnityCatalogPermissionsClient.Assignment;
import dev.bricklayer.identity.datagrants.UnityCatalogPermissionsClient.Change;
import dev.bricklayer.identity.rules.AccessRules;
import dev.bricklayer.identity.rules.Securable;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * Reconciles the Unity Catalog privileges the access rules give the managed groups on a catalog that security-service
 * announced ({@code CatalogProvisioned}) and on its schemas: read ({@code GET …/permissions/{type}/{name}}), compare
 * ({@link DataGrantPlan}), converge (one {@code PATCH} of add/remove changes per securable that needs one), publish
 * ({@code DataGrantApplied}, {@code DataGrantRemoved}). A catalog belongs to its metastore, which several workspaces may
 * share: what is granted on it is the union of what the rules give in every account-scope workspace it is announced in,
 * and the managed principals are those workspaces' groups and every principal Bricklayer granted to there before. A
 * catalog is due when announced (again: security-service announces a catalog it corrected, so its grants are compared
 * again and drift corrected), when a retry's pause is over, and whenever the desired grants differ from those last
 * applied (rules, tags or the desired state changed). A group or securable that is not there yet, throttling and
 * outages are retried after a growing pause; a refusal for good is kept as {@code FAILED} with its reason. Workspaces in
 * the workspace scope have workspace-local groups, which Unity Catalog cannot grant to: their catalogs are left alone.
 * Blocking: runs on a workspace's worker.
 */
public class DataGrants {

    private static final Logger log = LoggerFactory.getLogger(DataGrants.class);

    /** What the rules give on a catalog's securables, and whom Bricklayer manages there. */
    record Desired(SortedMap<Securable, SortedMap<String, SortedSet<String>>> privileges, SortedSet<String> managed) {
    }

    private final UnityCatalogPermissionsClient client;
    private final CatalogGrantStore store;
    private final WorkspaceStore workspaces;
    private final AccessRules rules;
    private final EventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    public DataGrants(UnityCatalogPermissionsClient client, CatalogGrantStore store, WorkspaceStore workspaces, AccessRules rules,
                      EventPublisher events, IdentityProperties properties, Clock clock) {
        this.client = client;
        this.store = store;
        this.workspaces = workspaces;
        this.rules = rules;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** security-service made a catalog exist in a workspace's metastore (or corrected it): its grants are due. */
    public void announced(String workspace, String catalog, String metastoreId) {
        store.announce(workspace, catalog, metastoreId);
    }

    /** The workspace is gone: its catalogs are forgotten and the grants its rules gave on shared catalogs reconciled again. */
    public void forget(String workspace) {
        store.forget(workspace);
    }

    /** Reconciles every due catalog of a ready workspace; answers how many were reconciled. */
    public int applyDue(WorkspaceRecord workspace) {
        int reconciled = 0;
        Instant now = clock.instant();
        for (CatalogRow row : store.catalogs(workspace.name())) {
            if (workspace.scope() != IdentityScope.ACCOUNT) {
                if (!"APPLIED".equals(row.status())) {
                    log.info("Workspace {} is in the workspace scope: its groups cannot hold Unity Catalog privileges on {}", workspace.name(),
                            row.catalogName());
                    store.applied(row, "workspace-scope");
                }
                continue;
            }
            Desired desired = desired(row);
            String hash = hash(desired);
            boolean due = "PENDING".equals(row.status()) ? !row.dueAt().isAfter(now) : !hash.equals(row.appliedHash());
            if (due && reconcile(workspace, row, desired, hash)) {
                reconciled++;
            }
        }
        return reconciled;
    }

    private boolean reconcile(WorkspaceRecord workspace, CatalogRow row, Desired desired, String hash) {
        Map<Securable, Map<String, SortedSet<String>>> before = store.granted(row.metastoreId(), row.catalogName());
        SortedSet<Securable> securables = new TreeSet<>(desired.privileges().keySet());
        securables.addAll(before.keySet());
        try {
            for (Securable securable : securables) {
                Set<String> managed = new TreeSet<>(desired.managed());
                managed.addAll(before.getOrDefault(securable, Map.of()).keySet());
                converge(workspace, row.metastoreId(), securable, desired.privileges().getOrDefault(securable, new TreeMap<>()), managed);
            }
        } catch (ApiException e) {
            if (e.isRetryable() || e.status() >= 500 || e.isNotFound() || "PRINCIPAL_DOES_NOT_EXIST".equals(e.errorCode())) {
                store.retry(row, e.getMessage(), properties.backoff(row.attempts()));
                log.warn("Workspace {}: grants on catalog {} not reconciled yet (attempt {}), retried later: {}", workspace.name(),
                        row.catalogName(), row.attempts() + 1, e.getMessage());
            } else {
                store.failed(row, e.getMessage(), hash);
                log.error("Workspace {}: grants on catalog {} refused: {}", workspace.name(), row.catalogName(), e.getMessage());
            }
            return false;
        } catch (RuntimeException e) {
            store.retry(row, e.toString(), properties.backoff(row.attempts()));
            log.warn("Workspace {}: grants on catalog {} not reconciled yet, retried later: {}", workspace.name(), row.catalogName(), e.toString());
            return false;
        }
        store.applied(row, hash);
        return true;
    }

    /** One securable: read, compare, one PATCH when something differs, the events, what the managed principals hold now. */
    private void converge(WorkspaceRecord workspace, String metastoreId, Securable securable, SortedMap<String, SortedSet<String>> wanted,
                          Set<String> managed) {
        Map<String, Set<String>> current = new TreeMap<>();
        try {
            for (Assignment assignment : client.get(workspace.target(), securable.type().wire(), securable.fullName()).block().assignments()) {
                current.put(assignment.principal(), new TreeSet<>(assignment.privileges()));
            }
        } catch (ApiException e) {
            if (e.isNotFound() && wanted.isEmpty()) { // a schema granted on before is gone, and no rule gives anything there now
                store.granted(metastoreId, securable, Map.of(), managed);
                return;
            }
            throw e;
        }
        List<Change> changes = DataGrantPlan.changes(current, wanted, managed);
        if (!changes.isEmpty()) {
            client.update(workspace.target(), securable.type().wire(), securable.fullName(), changes).block();
            log.info("Workspace {}: grants on {} changed: {}", workspace.name(), securable, changes);
            Instant now = clock.instant();
            for (Change change : changes) {
                if (!change.add().isEmpty()) {
                    events.publish(IdentityTopics.EVENTS, workspace.name(), new DataGrantApplied(workspace.name(), securable.type().wire(),
                            securable.fullName(), change.principal(), change.add(), now)).block();
                }
                if (!change.remove().isEmpty()) {
                    events.publish(IdentityTopics.EVENTS, workspace.name(), new DataGrantRemoved(workspace.name(), securable.type().wire(),
                            securable.fullName(), change.principal(), change.remove(), now)).block();
                }
            }
        }
        store.granted(metastoreId, securable, wanted, managed);
    }

    /** The union of what the rules give on the catalog in every account-scope workspace it is announced in. */
    Desired desired(CatalogRow row) {
        SortedMap<Securable, SortedMap<String, SortedSet<String>>> privileges = new TreeMap<>();
        SortedSet<String> managed = new TreeSet<>();
        for (String name : store.workspacesWith(row.metastoreId(), row.catalogName())) {
            Optional<WorkspaceRecord> found = workspaces.find(name).filter(w -> w.scope() == IdentityScope.ACCOUNT
                    && w.status() != WorkspaceRecord.Status.FAILED && w.view().catalogs().containsKey(row.catalogName()));
            if (found.isEmpty()) {
                continue;
            }
            managed.addAll(found.get().managedGroups());
            rules.groupAccess(found.get().view()).privileges().forEach((securable, byGroup) -> {
                if (securable.catalog().equals(row.catalogName())) {
                    byGroup.forEach((group, granted) -> privileges.computeIfAbsent(securable, s -> new TreeMap<>())
                            .computeIfAbsent(group, g -> new TreeSet<>()).addAll(granted));
                }
            });
        }
        return new Desired(privileges, managed);
    }

    private static String hash(Desired desired) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((desired.privileges() + "|" + desired.managed()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
