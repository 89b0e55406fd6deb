package dev.bricklayer.security.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.Leases.Lease;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.security.reconcile.PassOutcome.Pass;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;
import dev.bricklayer.security.state.SecuredWorkspaceStore;

/**
 * The passes over a workspace, whoever asks for one — a workspace event, the drift schedule, the REST API: each runs
 * in the workspace's lane (common's {@link WorkspaceLanes}: one at a time per workspace and in order, workspaces in
 * parallel on the service's task executor) and, across instances, only under the workspace's lease
 * {@code security:<workspace>} (common's {@link Leases}, for {@code lease-duration}, kept while the pass lasts), on the
 * workspace's state as stored when the pass starts. A pass that finds the lease taken is not lost: a reconcile (the
 * workspace stays {@code PENDING}) is taken up by {@link #dueWork} once the lease is free, an on-demand pass waits for it
 * up to {@code lease-wait}, a scheduled drift pass is left to the pass under way. A pass's outcome is recorded only for
 * the desired state it worked on, so a desired state received meanwhile (on any instance) stays {@code PENDING} and is
 * reconciled after it. Inspecting reads only and takes no lease.
 */
public class WorkspacePasses {

    private static final Logger log = LoggerFactory.getLogger(WorkspacePasses.class);
    static final String LEASE_PREFIX = "security:";
    private static final Duration LEASE_RETRY = Duration.ofMillis(250);

    private final SecuredWorkspaceStore store;
    private final WorkspaceReconciler reconciler;
    private final WorkspaceLanes lanes;
    private final Leases leases;
    private final Duration leaseDuration;
    private final Duration leaseWait;
    private final Clock clock;

    public WorkspacePasses(SecuredWorkspaceStore store, WorkspaceReconciler reconciler, WorkspaceLanes lanes, Leases leases,
                           Duration leaseDuration, Duration leaseWait, Clock clock) {
        this.store = store;
        this.reconciler = reconciler;
        this.lanes = lanes;
        this.leases = leases;
        this.leaseDuration = leaseDuration;
        this.leaseWait = leaseWait;
        this.clock = clock;
    }

    /** A workspace is ready (or its desired state changed, or the event is replayed): store it, then reconcile. */
    public CompletableFuture<PassOutcome> accept(WorkspaceReady ready) {
        store.accept(ready);
        return lanes.submit(ready.workspaceName(), () -> leased(ready.workspaceName(), Pass.RECONCILE, Duration.ZERO,
                () -> reconcileStored(ready.workspaceName())));
    }

    /** A workspace was decommissioned: forget it, after whatever is under way for it here (a pass elsewhere records nothing). */
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
        return Optional.of(lanes.submit(workspace, () -> leased(workspace, Pass.RECONCILE, leaseWait, () -> store.find(workspace)
                .map(current -> current.status() == Status.SECURED
                        ? CallPriority.BACKGROUND.with(() -> reconciler.drift(current))
                        : CallPriority.ONBOARDING.with(() -> reconciler.reconcile(current)))
                .orElseGet(() -> skipped(workspace, Pass.RECONCILE)))));
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
        return lanes.submit(workspace, () -> leased(workspace, Pass.DRIFT, Duration.ZERO, () -> store.find(workspace)
                .map(current -> switch (current.status()) {
                    case SECURED -> CallPriority.BACKGROUND.with(() -> reconciler.drift(current));
                    case PENDING, RETRYING -> CallPriority.ONBOARDING.with(() -> reconciler.reconcile(current));
                    default -> skipped(current.name(), Pass.DRIFT);
                }).orElseGet(() -> skipped(workspace, Pass.DRIFT))));
    }

    /**
     * Every {@code poll-interval}: each workspace whose desired state waits for a reconcile ({@code PENDING}) gets one in
     * its lane, under its lease — desired states that came while another instance's pass held the workspace, and
     * reconciles an instance left when it stopped, once its lease expired. A look-up that fails is logged.
     */
    @Scheduled(fixedDelayString = "${bricklayer.security.poll-interval:5s}", initialDelayString = "${bricklayer.security.poll-interval:5s}")
    public void dueWork() {
        try {
            store.pending().forEach(workspace -> lanes.wake(workspace, Duration.ZERO,
                    () -> leased(workspace, Pass.RECONCILE, Duration.ZERO, () -> reconcilePending(workspace))));
        } catch (RuntimeException e) {
            log.warn("Looking for workspaces to reconcile failed: {}", e.toString());
        }
    }

    /** At start: reconciles that did not end before an instance stopped (as {@link #dueWork} takes them). */
    public void resume() {
        dueWork();
    }

    public List<SecuredWorkspace> workspaces() {
        return store.all();
    }

    public Optional<SecuredWorkspace> workspace(String name) {
        return store.find(name);
    }

    /**
     * {@code work} under the workspace's lease, waiting for it up to {@code wait}; {@code BUSY} when another instance
     * (or a pass of this one in another lane) holds it longer.
     */
    private PassOutcome leased(String workspace, Pass pass, Duration wait, Supplier<PassOutcome> work) {
        long tries = Math.max(1, wait.toMillis() / LEASE_RETRY.toMillis() + 1);
        for (long attempt = 1; ; attempt++) {
            Optional<Lease> lease = leases.acquire(LEASE_PREFIX + workspace, leaseDuration);
            if (lease.isPresent()) {
                try (Lease held = lease.get()) {
                    return work.get();
                }
            }
            if (attempt >= tries) {
                log.info("Workspace {}: another instance runs a pass over it; this {} pass is left to it{}", workspace, pass,
                        pass == Pass.RECONCILE ? " and to the next look for due work" : "");
                return new PassOutcome(workspace, pass, Result.BUSY, List.of(), null, clock.instant());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(LEASE_RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a workspace's lease", e);
        }
    }

    /** A due reconcile: only while the workspace still waits for one (a pass before it may have done it). */
    private PassOutcome reconcilePending(String workspace) {
        return store.find(workspace).filter(current -> current.status() == Status.PENDING)
                .map(current -> CallPriority.ONBOARDING.with(() -> reconciler.reconcile(current)))
                .orElseGet(() -> skipped(workspace, Pass.RECONCILE));
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
