package dev.bricklayer.identity.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.security.CatalogProvisioned;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.common.registry.WorkspaceRegistry;
import dev.bricklayer.identity.datagrants.DataGrants;
import dev.bricklayer.identity.lifecycle.ConvergenceMarker;
import dev.bricklayer.identity.permissions.GrantStore;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * What identity-service does when workspaces come, change and go: {@code WorkspaceReady} records the workspace
 * (URL, resource id, desired state; tags from the workspace registry) to be bootstrapped — the same event again
 * changes nothing; {@code WorkspaceDecommissioned} forgets it; security-service's announcements record the objects
 * grants are set on (cluster policies, clusters, Unity Catalog catalogs); a change of a workspace's tags or of the access rules has everyone there re-evaluated. Each
 * answers the workspaces that now have work, for the caller to wake; nothing here runs that work.
 */
public class WorkspaceChanges {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceChanges.class);
    static final String RULES_FINGERPRINT = "access-rules-fingerprint";
    private static final Duration REGISTRY_POLL = Duration.ofMillis(100);

    private final WorkspaceStore store;
    private final GrantStore grants;
    private final DataGrants dataGrants;
    private final ConvergenceMarker marker;
    private final WorkspaceRegistry registry;
    private final ObjectMapper mapper;
    private final Duration registryWait;

    /**
     * @param registry the workspace registry; {@code null} when it is not enabled (tags are then empty)
     */
    public WorkspaceChanges(WorkspaceStore store, GrantStore grants, DataGrants dataGrants, ConvergenceMarker marker, WorkspaceRegistry registry,
                            ObjectMapper mapper, Duration registryWait) {
        this.store = store;
        this.grants = grants;
        this.dataGrants = dataGrants;
        this.marker = marker;
        this.registry = registry;
        this.mapper = mapper;
        this.registryWait = registryWait;
    }

    /** Answers whether the workspace is to be bootstrapped (false: the same event again). */
    public boolean ready(WorkspaceReady event) {
        String hash = fingerprint(event);
        Optional<WorkspaceRecord> known = store.find(event.workspaceName());
        if (known.isPresent() && known.get().desiredHash().equals(hash) && known.get().status() != WorkspaceRecord.Status.FAILED) {
            log.info("WorkspaceReady for {} again, unchanged: nothing to do", event.workspaceName());
            return false;
        }
        boolean newTarget = known.isPresent() && (!known.get().workspaceUrl().equals(event.workspaceUrl())
                || !known.get().resourceId().equalsIgnoreCase(event.resourceId()));
        store.bootstrap(event.workspaceName(), event.workspaceUrl(), event.resourceId(), event.workspaceId(), tagsOf(event.workspaceName()),
                event.desiredState(), hash, newTarget);
        if (known.isPresent()) {
            grants.repend(event.workspaceName());
        }
        log.info("Workspace {} ({}) to bootstrap: {} groups, {} service principals, {} grants", event.workspaceName(),
                known.isEmpty() ? "new" : newTarget ? "new target" : "changed", event.desiredState().groups().size(),
                event.desiredState().servicePrincipals().size(), event.desiredState().grants().size());
        return true;
    }

    public void decommissioned(WorkspaceDecommissioned event) {
        dataGrants.forget(event.workspaceName());
        if (store.delete(event.workspaceName())) {
            log.info("Workspace {} decommissioned: forgotten", event.workspaceName());
        }
    }

    /** security-service made an object of the desired state (a cluster policy, a cluster) with this id; answers whether grants are due. */
    public boolean announced(String workspace, PermissionObjectType type, String name, String id) {
        if (grants.announce(workspace, type, name, id)) {
            log.info("Workspace {}: {} {} has id {}; its grants are due", workspace, type, name, id);
            return true;
        }
        return false;
    }

    /** security-service made (or corrected) a Unity Catalog catalog of the desired state: its grants are due. */
    public void catalogProvisioned(CatalogProvisioned catalog) {
        dataGrants.announced(catalog.workspaceName(), catalog.catalogName(), catalog.metastoreId());
        log.info("Workspace {}: catalog {} provisioned in metastore {}; its grants are due", catalog.workspaceName(), catalog.catalogName(),
                catalog.metastoreId());
    }

    /** Compares every workspace's tags with the registry; a change has everyone there re-evaluated. Answers those workspaces. */
    public List<String> refreshTags() {
        List<String> changed = new ArrayList<>();
        if (registry == null) {
            return changed;
        }
        for (WorkspaceRecord workspace : store.all()) {
            Optional<Map<String, String>> current = registry.find(workspace.name()).map(WorkspaceState::tags);
            if (current.isPresent() && !current.get().equals(workspace.tags())) {
                log.info("Workspace {}: tags changed from {} to {}; access re-evaluated", workspace.name(), workspace.tags(), current.get());
                store.tags(workspace.name(), current.get());
                store.find(workspace.name()).filter(w -> w.status() == WorkspaceRecord.Status.READY).ifPresent(ready -> {
                    marker.markEveryoneIn(ready);
                    changed.add(ready.name());
                });
            }
        }
        return changed;
    }

    /** At start: when the access rules differ from those people were last evaluated with, everyone is re-evaluated. Answers where. */
    public List<String> rulesInForce(String fingerprint) {
        List<String> marked = new ArrayList<>();
        Optional<String> before = store.setting(RULES_FINGERPRINT);
        if (before.isPresent() && !before.get().equals(fingerprint)) {
            for (WorkspaceRecord workspace : store.all()) {
                if (workspace.status() == WorkspaceRecord.Status.READY) {
                    log.info("Access rules changed: {} people of workspace {} re-evaluated", marker.markEveryoneIn(workspace), workspace.name());
                    marked.add(workspace.name());
                }
            }
        }
        store.setting(RULES_FINGERPRINT, fingerprint);
        return marked;
    }

    private Map<String, String> tagsOf(String workspace) {
        if (registry == null) {
            return Map.of();
        }
        long until = System.nanoTime() + registryWait.toNanos(); // a real wait for a Kafka consumer, not a business time
        try {
            registry.awaitReady(registryWait);
            while (true) {
                Optional<WorkspaceState> state = registry.find(workspace);
                if (state.isPresent()) {
                    return state.get().tags();
                }
                if (System.nanoTime() - until > 0) {
                    log.warn("Workspace {} is not in the workspace registry (yet): no tags for now, they are refreshed later", workspace);
                    return Map.of();
                }
                Thread.sleep(REGISTRY_POLL.toMillis()); // the registry follows a Kafka topic; it has no per-workspace wait
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private String fingerprint(WorkspaceReady event) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((event.workspaceUrl() + "|" + event.resourceId() + "|").getBytes(StandardCharsets.UTF_8));
            digest.update(mapper.writeValueAsBytes(event.desiredState()));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
