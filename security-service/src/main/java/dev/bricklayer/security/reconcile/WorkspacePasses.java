package dev.bricklayer.security.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.security.reconcile.PassOutcome.Pass;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;
import dev.bricklayer.security.state.SecuredWorkspaceStore;

/**
 * What security-service does, whoever asks — a workspace event, the schedule, the REST API: every pass over a
 * workspace runs in its lane ({@link WorkspaceLanes}), on the workspace's state as stored when the pass starts.
 */
public class WorkspaceSecurity {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceSecurity.class);

    private final SecuredWorkspaceStore store;
    private final WorkspaceReconciler reconciler;
    private final WorkspaceLanes lanes;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    public WorkspaceSecurity(SecuredWorkspaceStore store, WorkspaceReconciler reconciler, WorkspaceLanes lanes) {
        this.store = store;
        this.reconciler = reconciler;
        this.lanes = lanes;
    }

    /** A workspace is ready (or its desired state changed, or the event is replayed): store it, then reconcile. */
    public CompletableFuture<PassOutcome> accept(WorkspaceReady ready) {
        store.accept(ready);
        return lanes.submit(ready.workspaceName(), () -> reconcileStored(ready.workspaceName()));
    }

    /** A workspace was decommissioned: forget it, after whatever is under way for it. */
    public CompletableFuture<Boolean> forget(String workspace) {
        return lanes.submit(workspace, () -> {
            boolean known = store.forget(workspace);
            log.info("Workspace {} decommissioned: {}", workspace, known ? "forgotten" : "was not known");
            return known;
        });
    }

    /**
     * On demand: a secured workspace gets a drift pass (corrected or reported as its mode says); one that did not end
     * secured is reconciled again. Empty when the workspace is unknown.
     */
    public Optional<CompletableFuture<PassOutcome>> onDemand(String workspace) {
        if (store.find(workspace).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(lanes.submit(workspace, () -> store.find(workspace)
                .map(current -> current.status() == Status.SECURED ? reconciler.drift(current) : reconciler.reconcile(current))
                .orElseGet(() -> skipped(workspace, Pass.RECONCILE))));
    }

    /** The differences now, with reads only. Empty when the workspace is unknown. */
    public Optional<CompletableFuture<PassOutcome>> inspect(String workspace) {
        if (store.find(workspace).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(lanes.submit(workspace, () -> store.find(workspace).map(reconciler::inspect)
                .orElseGet(() -> skipped(workspace, Pass.INSPECT))));
    }

    /**
     * One round of the schedule over every stored workspace: secured ones get a drift pass; pending ones and those
     * whose last failure may pass are reconciled again; refused and permanently failed ones wait for a new desired
     * state (or an on-demand reconcile). A workspace whose previous round has not finished is left out.
     */
    public List<CompletableFuture<PassOutcome>> scheduledRound() {
        return store.all().stream()
                .filter(workspace -> workspace.status() != Status.REFUSED && workspace.status() != Status.FAILED)
                .filter(workspace -> scheduled.add(workspace.name()))
                .map(workspace -> lanes.submit(workspace.name(), () -> {
                    try {
                        return store.find(workspace.name()).map(current -> switch (current.status()) {
                            case SECURED -> reconciler.drift(current);
                            case PENDING, RETRYING -> reconciler.reconcile(current);
                            default -> skipped(current.name(), Pass.DRIFT);
                        }).orElseGet(() -> skipped(workspace.name(), Pass.DRIFT));
                    } finally {
                        scheduled.remove(workspace.name());
                    }
                }))
                .toList();
    }

    /** At start: reconciles that did not end before the service stopped. */
    public void resume() {
        store.all().stream().filter(workspace -> workspace.status() == Status.PENDING).forEach(workspace -> {
            log.info("Resuming the reconcile of {}", workspace.name());
            lanes.submit(workspace.name(), () -> reconcileStored(workspace.name()));
        });
    }

    public List<SecuredWorkspace> workspaces() {
        return store.all();
    }

    public Optional<SecuredWorkspace> workspace(String name) {
        return store.find(name);
    }

    private PassOutcome reconcileStored(String workspace) {
        return store.find(workspace).map(reconciler::reconcile).orElseGet(() -> skipped(workspace, Pass.RECONCILE));
    }

    private static PassOutcome skipped(String workspace, Pass pass) {
        return new PassOutcome(workspace, pass, Result.SKIPPED, List.of(), null, Instant.now());
    }
}
