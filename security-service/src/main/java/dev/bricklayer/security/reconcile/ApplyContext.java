package dev.bricklayer.security.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bricklayer.security.state.SecuredWorkspaceStore;
import reactor.core.publisher.Mono;

/**
 * What the writes of one pass share: the workspace's clients, the ids of policies and clusters as they come to exist
 * (a cluster is created under the id its policy got moments before), and the store that remembers the lists
 * Bricklayer made.
 */
public final class ApplyContext {

    private final String workspace;
    private final WorkspaceApis apis;
    private final SecuredWorkspaceStore store;
    private final Duration timeout;
    private final Map<String, String> policyIds = new HashMap<>();
    private final Map<String, String[]> clusters = new LinkedHashMap<>();

    public ApplyContext(String workspace, WorkspaceApis apis, SecuredWorkspaceStore store, Duration timeout) {
        this.workspace = workspace;
        this.apis = apis;
        this.store = store;
        this.timeout = timeout;
    }

    public String workspace() {
        return workspace;
    }

    public WorkspaceApis apis() {
        return apis;
    }

    /** Waits for one call; worker threads only. */
    public <T> T await(Mono<T> call) {
        return call.block(timeout);
    }

    /** Records a list Bricklayer created or adopted, so that it is reconciled (and removed) later. */
    public void rememberList(String listId, String label, String listType) {
        store.rememberList(workspace, listId, label, listType);
    }

    public void forgetList(String listId) {
        store.forgetList(workspace, listId);
    }

    /** The id of the policy named {@code name} (desired or built-in), once known. */
    public String policyId(String name) {
        return policyIds.get(name);
    }

    public void policy(String name, String policyId) {
        policyIds.put(name, policyId);
    }

    /** Clusters of the desired state as they exist: name → {cluster id, policy id}. */
    public Map<String, String[]> clusters() {
        return clusters;
    }

    public void cluster(String name, String clusterId, String policyId) {
        clusters.put(name, new String[] {clusterId, policyId});
    }
}
