package dev.bricklayer.identity.workspace;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.rules.WorkspaceView;

/**
 * A workspace as identity-service knows it.
 *
 * @param name           workspace name
 * @param workspaceUrl   its host
 * @param resourceId     its ARM resource id
 * @param workspaceId    the Databricks workspace id
 * @param tags           Azure tags (from the workspace registry)
 * @param desiredState   the desired state of its {@code WorkspaceReady}
 * @param desiredHash    fingerprint of url, resource id and desired state
 * @param status         where bootstrapping is
 * @param attempts       failed bootstrap attempts so far
 * @param dueAt          when bootstrapping is next tried
 * @param lastError      the last bootstrap error
 * @param bootstrappedAt when bootstrapping finished
 */
public record WorkspaceRecord(String name, String workspaceUrl, String resourceId, String workspaceId, Map<String, String> tags,
                              DesiredState desiredState, String desiredHash, Status status, int attempts, Instant dueAt,
                              String lastError, Instant bootstrappedAt) {

    public enum Status { BOOTSTRAPPING, READY, FAILED }

    public WorkspaceTarget target() {
        return WorkspaceTarget.aad(name, workspaceUrl, resourceId);
    }

    /** The groups Bricklayer manages here: those of the desired state. */
    public Set<String> managedGroups() {
        return desiredState.groups().stream().map(GroupSpec::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Where the workspace's people and groups live: the desired state's identity scope. */
    public IdentityScope scope() {
        return desiredState.identityScope();
    }

    public WorkspaceView view() {
        Map<String, Set<String>> catalogs = new java.util.HashMap<>();
        for (CatalogSpec catalog : desiredState.catalogs()) {
            Set<String> schemas = new java.util.TreeSet<>(catalog.schemas());
            schemas.add("default"); // Unity Catalog makes it with every catalog
            catalogs.put(catalog.name(), schemas);
        }
        return new WorkspaceView(name, tags, managedGroups(), catalogs);
    }
}
