package dev.bricklayer.security.reconcile;

import java.time.Duration;
import java.util.List;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.security.catalogs.CatalogPlanner;
import dev.bricklayer.security.catalogs.CatalogReader;
import dev.bricklayer.security.catalogs.CatalogState;
import dev.bricklayer.security.catalogs.CatalogWrite;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;
import dev.bricklayer.security.changes.Refusal;
import dev.bricklayer.security.clusters.ClusterReconciler;
import dev.bricklayer.security.ipaccess.IpAccessListReconciler;
import dev.bricklayer.security.policies.ClusterPolicyReconciler;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspaceStore;
import reactor.core.publisher.Mono;

/**
 * The read and compare of a pass, nothing written: the desired state checked (a refused one makes no call at all), the
 * workspace read with GETs — IP access lists, {@code enableIpAccessLists}, policies and clusters at once, then, where
 * catalogs are desired, Unity Catalog ({@link CatalogReader}) — and each part compared by its planner.
 */
public class WorkspacePlanner {

    private final ApiClientFactory clients;
    private final SecuredWorkspaceStore store;
    private final DesiredStateChecks checks;
    private final IpAccessListReconciler ipAccessLists;
    private final ClusterPolicyReconciler policies;
    private final ClusterReconciler clusters;
    private final CatalogPlanner catalogs;
    private final Duration timeout;

    public WorkspacePlanner(ApiClientFactory clients, SecuredWorkspaceStore store, DesiredStateChecks checks,
                            IpAccessListReconciler ipAccessLists, ClusterPolicyReconciler policies, ClusterReconciler clusters,
                            CatalogPlanner catalogs, Duration timeout) {
        this.clients = clients;
        this.store = store;
        this.checks = checks;
        this.ipAccessLists = ipAccessLists;
        this.policies = policies;
        this.clusters = clusters;
        this.catalogs = catalogs;
        this.timeout = timeout;
    }

    /**
     * @throws Refusal     the desired state is refused (before any call, or against the lists read)
     * @throws StepFailure a read failed ({@code read}, or {@code catalogs} for Unity Catalog's)
     */
    Planned plan(SecuredWorkspace workspace) {
        DesiredState desired = workspace.desired();
        checks.requireValid(desired);
        WorkspaceApis apis = WorkspaceApis.of(clients, workspace.target());
        ApplyContext context = new ApplyContext(workspace.name(), store.listBook(workspace.name()), timeout);
        Snapshot actual = read(apis);
        IpAccessListReconciler.Plan lists = ipAccessLists.plan(desired, actual.ipAccessLists(), actual.enableIpAccessLists(),
                store.managedLists(workspace.name()), apis);
        List<Change> policyChanges = policies.plan(desired.clusterPolicies(), actual.policies(), apis.policies(), context);
        List<Change> clusterChanges = clusters.plan(desired.clusters(), actual.clusters(), apis.clusters(), context);
        CatalogState catalogState = readCatalogs(apis, desired);
        List<CatalogWrite> catalogWrites = catalogs.plan(desired.catalogs(), catalogState);
        return new Planned(context, apis, lists, policyChanges, clusterChanges, catalogState, catalogWrites);
    }

    private Snapshot read(WorkspaceApis apis) {
        try {
            return Mono.zip(apis.ipAccessLists().list(),
                            apis.ipAccessListsEnabled(),
                            apis.policies().list(), apis.clusters().list())
                    .map(all -> new Snapshot(all.getT1(), all.getT2().orElse(null), all.getT3(), all.getT4()))
                    .block(timeout);
        } catch (RuntimeException e) {
            throw StepFailure.of("read", e);
        }
    }

    private CatalogState readCatalogs(WorkspaceApis apis, DesiredState desired) {
        try {
            return CatalogReader.read(apis.catalogs(), desired.catalogs()).block(timeout);
        } catch (RuntimeException e) {
            throw StepFailure.of(Planned.CATALOGS, e);
        }
    }
}
