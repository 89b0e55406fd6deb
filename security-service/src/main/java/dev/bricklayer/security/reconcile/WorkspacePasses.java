package dev.bricklayer.security.reconcile;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.security.reconcile.PassOutcome.Pass;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;
import dev.bricklayer.security.state.SecuredWorkspaceStore;

/**
 * The passes over a workspace, whoever asks for one — a workspace event, the drift schedule, the REST API: each runs
 * in the workspace's lane (common's {@link WorkspaceLanes}: one at a time per workspace and in order, workspaces in
 * parallel on the service's task executor), on the workspace's state as stored when the pass starts.
 */
public class WorkspacePasses {

    private static final Logger log = LoggerFactory.getLogger(WorkspacePasses.class);

    private final SecuredWorkspaceStore store;
    private final WorkspaceReconciler reconciler;
    private final WorkspaceLanes lanes;
    private final Clock clock;

    public WorkspacePasses(SecuredWorkspaceStore store, WorkspaceReconciler reconciler, WorkspaceLanes lanes, Clock clock) {
        this.store = store;
        this.reconciler = reconciler;
        this.lanes = lanes;
        this.clock = clock;
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
            lanes.forget(workspace);
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
                .map(current -> current.status() == Status.SECURED
                        ? CallPriority.BACKGROUND.with(() -> reconciler.drift(current))
                        : CallPriority.ONBOARDING.with(() -> reconciler.reconcile(current)))
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
     * The drift schedule's pass: a secured workspace gets a drift pass; a pending one, or one whose last failure may
     * pass, is reconciled again; any other is skipped (it waits for a new desired state or an on-demand reconcile).
     */
    public CompletableFuture<PassOutcome> scheduled(String workspace) {
        return lanes.submit(workspace, () -> store.find(workspace).map(current -> switch (current.status()) {
            case SECURED -> CallPriority.BACKGROUND.with(() -> reconciler.drift(current));
            case PENDING, RETRYING -> CallPriority.ONBOARDING.with(() -> reconciler.reconcile(current));
            default -> skipped(current.name(), Pass.DRIFT);
        }).orElseGet(() -> skipped(workspace, Pass.DRIFT)));
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

    /** Securing a workspace: onboarding calls. */
    private PassOutcome reconcileStored(String workspace) {
        return store.find(workspace).map(current -> CallPriority.ONBOARDING.with(() -> reconciler.reconcile(current)))
                .orElseGet(() -> skipped(workspace, Pass.RECONCILE));
    }

    private PassOutcome skipped(String workspace, Pass pass) {
        return new PassOutcome(workspace, pass, Result.SKIPPED, List.of(), null, clock.instant());
    }
}
