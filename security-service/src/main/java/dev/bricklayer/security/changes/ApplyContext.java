package dev.bricklayer.security.changes;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * What the writes of one pass share: the ids of policies and clusters as they come to exist (a cluster is created
 * under the id its policy got moments before), where the lists Bricklayer made are remembered, and how long a call
 * may take. It holds no clients: each planner hands its writes the client of its own API.
 */
public final class ApplyContext {

    private final String workspace;
    private final ManagedLists managedLists;
    private final Duration timeout;
    private final Map<String, String> policyIds = new HashMap<>();
    private final Map<String, ExistingCluster> clusters = new LinkedHashMap<>();

    public ApplyContext(String workspace, ManagedLists managedLists, Duration timeout) {
        this.workspace = workspace;
        this.managedLists = managedLists;
        this.timeout = timeout;
    }

    public String workspace() {
        return workspace;
    }

    /** Waits for one call; worker threads only. */
    public <T> T await(Mono<T> call) {
        return call.block(timeout);
    }

    /** Records a list Bricklayer created or adopted, so that it is reconciled (and removed) later. */
    public void rememberList(String listId, String label, String listType) {
        managedLists.remember(listId, label, listType);
    }

    public void forgetList(String listId) {
        managedLists.forget(listId);
    }

    /** The id of the policy named {@code name} (desired or built-in), once known. */
    public String policyId(String name) {
        return policyIds.get(name);
    }

    public void policy(String name, String policyId) {
        policyIds.put(name, policyId);
    }

    /** A cluster of the desired state as it exists, by name. */
    public ExistingCluster cluster(String name) {
        return clusters.get(name);
    }

    public void cluster(String name, String clusterId, String policyId) {
        clusters.put(name, new ExistingCluster(clusterId, policyId));
    }

    /**
     * @param clusterId its id
     * @param policyId  the policy it runs under ({@code null} for an adopted cluster without one)
     */
    public record ExistingCluster(String clusterId, String policyId) {
    }
}
