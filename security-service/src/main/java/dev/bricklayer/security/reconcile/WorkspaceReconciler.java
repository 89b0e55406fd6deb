package dev.bricklayer.security.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.security.CatalogProvisioned;
import dev.bricklayer.common.events.security.ClusterPolicyApplied;
import dev.bricklayer.common.events.security.ClusterProvisioned;
import dev.bricklayer.common.events.security.DriftCorrected;
import dev.bricklayer.common.events.security.DriftDetected;
import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.security.WorkspaceSecuringFailed;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.rules.UnityCatalogNames;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;
import dev.bricklayer.security.changes.Refusal;
import dev.bricklayer.security.reconcile.PassOutcome.Failure;
import dev.bricklayer.security.reconcile.PassOutcome.Pass;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspaceStore;

/**
 * The reconcile loop of one workspace — read, compare ({@link WorkspacePlanner}), converge, publish — in three passes:
 * <ul>
 *   <li>{@link #reconcile}: write only what differs — IP access lists and {@code enableIpAccessLists}, then cluster
 *       policies ({@code ClusterPolicyApplied} for each), then clusters ({@code ClusterProvisioned} for each), then Unity
 *       Catalog catalogs ({@code CatalogProvisioned} for each) — and announce {@code WorkspaceSecured}, or
 *       {@code WorkspaceSecuringFailed} with the step, code and message;</li>
 *   <li>{@link #drift}: the same comparison; nothing found means nothing published and nothing written; else
 *       {@code DriftDetected}, and in {@code enforce} mode the corrections and {@code DriftCorrected};</li>
 *   <li>{@link #inspect}: the comparison alone, reads only.</li>
 * </ul>
 * Runs on a worker thread (it blocks on each call); one pass at a time per workspace ({@link WorkspacePasses}).
 */
public class WorkspaceReconciler {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceReconciler.class);

    private final WorkspacePlanner planner;
    private final SecuredWorkspaceStore store;
    private final EventPublisher events;
    private final Duration timeout;

    public WorkspaceReconciler(WorkspacePlanner planner, SecuredWorkspaceStore store, EventPublisher events, Duration timeout) {
        this.planner = planner;
        this.store = store;
        this.events = events;
        this.timeout = timeout;
    }

    /**
     * Converges the workspace to its desired state and announces the outcome. A catalog the workspaces of a metastore
     * share can change under a pass — another workspace's pass isolating it between this pass's reads and writes makes
     * it unreadable here ({@code PERMISSION_DENIED} at the catalog step), or creates it first — so such a failure is
     * planned again, from fresh reads, up to {@link #SHARED_CATALOG_ATTEMPTS} times before it is announced.
     */
    public PassOutcome reconcile(SecuredWorkspace workspace) {
        for (int attempt = 1; ; attempt++) {
            PassOutcome outcome = reconcileOnce(workspace, attempt < SHARED_CATALOG_ATTEMPTS);
            if (outcome != null) {
                return outcome;
            }
            log.info("Workspace {}: a catalog shared with other workspaces changed during the pass; planned again (attempt {})",
                    workspace.name(), attempt + 1);
            pause(Duration.ofMillis(200L * attempt));
        }
    }

    /** Tries of a pass whose catalog step met another workspace's pass on a shared catalog. */
    static final int SHARED_CATALOG_ATTEMPTS = 3;

    /** Whether a failure is another workspace's pass on a shared catalog (worth planning again). */
    static boolean sharedCatalogRace(Failure failure) {
        return "catalogs".equals(failure.step())
                && ("PERMISSION_DENIED".equals(failure.code()) || "CATALOG_ALREADY_EXISTS".equals(failure.code()));
    }

    /** One try; {@code null} when it met a shared catalog's race and {@code mayRetry}. */
    private PassOutcome reconcileOnce(SecuredWorkspace workspace, boolean mayRetry) {
        DesiredState desired = workspace.desired();
        Planned planned;
        try {
            planned = planner.plan(workspace);
        } catch (Refusal refusal) {
            return refused(workspace, Pass.RECONCILE, refusal);
        } catch (StepFailure failure) {
            if (mayRetry && sharedCatalogRace(failure.failure)) {
                return null;
            }
            return failed(workspace, Pass.RECONCILE, failure.failure, List.of());
        }
        try {
            keepBooks(workspace, planned);
            apply(planned.context(), planned.lists().changes());
            apply(planned.context(), planned.policies());
            for (ClusterPolicy policy : desired.clusterPolicies()) {
                publish(workspace, new ClusterPolicyApplied(workspace.name(), planned.context().policyId(policy.name()),
                        policy.name(), Instant.now()));
            }
            apply(planned.context(), planned.clusters());
            for (ClusterSpec cluster : desired.clusters()) {
                ApplyContext.ExistingCluster existing = planned.context().cluster(cluster.name());
                publish(workspace, new ClusterProvisioned(workspace.name(), existing.clusterId(), cluster.name(),
                        existing.policyId(), Instant.now()));
            }
            apply(planned.context(), planned.catalogs());
            announceCatalogs(workspace, planned, desired.catalogs());
            publish(workspace, new WorkspaceSecured(workspace.name(), planned.lists().enabled(), planned.lists().lists(),
                    desired.clusterPolicies().size(), desired.clusters().size(), Instant.now(), desired.catalogs().size()));
        } catch (StepFailure failure) {
            if (mayRetry && sharedCatalogRace(failure.failure)) {
                return null;
            }
            return failed(workspace, Pass.RECONCILE, failure.failure, planned.entries());
        }
        if (store.reconciled(workspace, SecuredWorkspace.Status.SECURED, null, null, null)) {
            log.info("Workspace {} secured: {} change(s)", workspace.name(), planned.entries().size());
        } else {
            log.info("Workspace {} secured as it was desired, but a newer desired state came meanwhile: it is reconciled next",
                    workspace.name());
        }
        return new PassOutcome(workspace.name(), Pass.RECONCILE, Result.SECURED, planned.entries(), null, Instant.now());
    }

    /**
     * Compares the workspace with its desired state. No difference: nothing published, nothing written. Else
     * {@code DriftDetected}; in {@code enforce} mode the differences are corrected and {@code DriftCorrected} follows.
     */
    public PassOutcome drift(SecuredWorkspace workspace) {
        Planned planned;
        try {
            planned = planner.plan(workspace);
        } catch (Refusal refusal) {
            return refused(workspace, Pass.DRIFT, refusal);
        } catch (StepFailure failure) {
            log.warn("Drift check of {} could not read the workspace: {}", workspace.name(), failure.failure.message());
            return new PassOutcome(workspace.name(), Pass.DRIFT, Result.FAILED, List.of(), failure.failure, Instant.now());
        }
        List<DriftEntry> entries = planned.entries();
        if (entries.isEmpty()) {
            store.driftChecked(workspace.name(), Result.IN_SYNC.name(), List.of());
            return new PassOutcome(workspace.name(), Pass.DRIFT, Result.IN_SYNC, List.of(), null, Instant.now());
        }
        DriftMode mode = workspace.desired().driftMode();
        publish(workspace, new DriftDetected(workspace.name(), mode, entries, Instant.now()));
        log.info("Workspace {} drifted ({} difference(s), mode {})", workspace.name(), entries.size(), mode);
        if (mode == DriftMode.REPORT) {
            store.driftChecked(workspace.name(), Result.DRIFT_REPORTED.name(), entries);
            return new PassOutcome(workspace.name(), Pass.DRIFT, Result.DRIFT_REPORTED, entries, null, Instant.now());
        }
        try {
            keepBooks(workspace, planned);
            apply(planned.context(), planned.lists().changes());
            apply(planned.context(), planned.policies());
            for (String name : names(planned.policies())) {
                publish(workspace, new ClusterPolicyApplied(workspace.name(), planned.context().policyId(name), name, Instant.now()));
            }
            apply(planned.context(), planned.clusters());
            for (String name : names(planned.clusters())) {
                ApplyContext.ExistingCluster existing = planned.context().cluster(name);
                publish(workspace, new ClusterProvisioned(workspace.name(), existing.clusterId(), name, existing.policyId(),
                        Instant.now()));
            }
            apply(planned.context(), planned.catalogs());
            Set<String> corrected = new LinkedHashSet<>();
            planned.catalogWrites().forEach(write -> corrected.add(UnityCatalogNames.key(write.catalog())));
            announceCatalogs(workspace, planned, workspace.desired().catalogs().stream()
                    .filter(catalog -> corrected.contains(UnityCatalogNames.key(catalog.name()))).toList());
            publish(workspace, new DriftCorrected(workspace.name(), entries, Instant.now()));
        } catch (StepFailure failure) {
            store.driftChecked(workspace.name(), "CORRECTION_FAILED", entries);
            return failed(workspace, Pass.DRIFT, failure.failure, entries);
        }
        store.driftChecked(workspace.name(), Result.DRIFT_CORRECTED.name(), entries);
        return new PassOutcome(workspace.name(), Pass.DRIFT, Result.DRIFT_CORRECTED, entries, null, Instant.now());
    }

    /** The differences between the workspace and its desired state, with reads only; nothing published or recorded. */
    public PassOutcome inspect(SecuredWorkspace workspace) {
        try {
            List<DriftEntry> entries = planner.plan(workspace).entries();
            return new PassOutcome(workspace.name(), Pass.INSPECT, entries.isEmpty() ? Result.IN_SYNC : Result.DRIFTED,
                    entries, null, Instant.now());
        } catch (Refusal refusal) {
            return new PassOutcome(workspace.name(), Pass.INSPECT, Result.REFUSED, List.of(),
                    new Failure(refusal.step(), refusal.code(), refusal.getMessage(), false), Instant.now());
        } catch (StepFailure failure) {
            return new PassOutcome(workspace.name(), Pass.INSPECT, Result.FAILED, List.of(), failure.failure, Instant.now());
        }
    }

    /** Each catalog that exists as desired, with its metastore (identity-service grants on it). */
    private void announceCatalogs(SecuredWorkspace workspace, Planned planned, List<CatalogSpec> catalogs) {
        for (CatalogSpec catalog : catalogs) {
            publish(workspace, new CatalogProvisioned(workspace.name(), catalog.name(), planned.catalogState().metastoreId(),
                    catalog.isolationMode(), Instant.now()));
        }
    }

    /** Lists matched by label and type become Bricklayer's; remembered ids that are gone are forgotten. */
    private void keepBooks(SecuredWorkspace workspace, Planned planned) {
        planned.lists().adopt().forEach(list -> store.rememberList(workspace.name(), list.listId(), list.label(), list.listType()));
        planned.lists().forget().forEach(id -> store.forgetList(workspace.name(), id));
    }

    private static void apply(ApplyContext context, List<Change> changes) {
        for (Change change : changes) {
            try {
                change.action().apply(context);
            } catch (RuntimeException e) {
                throw StepFailure.of(change.step(), e);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while planning " + duration + " later", e);
        }
    }

    private static Set<String> names(List<Change> changes) {
        Set<String> names = new LinkedHashSet<>();
        changes.forEach(change -> change.entries().forEach(entry -> names.add(entry.objectName())));
        return names;
    }

    private PassOutcome refused(SecuredWorkspace workspace, Pass pass, Refusal refusal) {
        log.warn("Desired state of {} refused ({}, {}): {}", workspace.name(), refusal.step(), refusal.code(), refusal.getMessage());
        publish(workspace, new WorkspaceSecuringFailed(workspace.name(), refusal.step(), refusal.code(), refusal.getMessage(), Instant.now()));
        store.reconciled(workspace, SecuredWorkspace.Status.REFUSED, refusal.step(), refusal.code(), refusal.getMessage());
        return new PassOutcome(workspace.name(), pass, Result.REFUSED, List.of(),
                new Failure(refusal.step(), refusal.code(), refusal.getMessage(), false), Instant.now());
    }

    private PassOutcome failed(SecuredWorkspace workspace, Pass pass, Failure failure, List<DriftEntry> entries) {
        log.warn("Securing {} failed at {} ({}): {}", workspace.name(), failure.step(), failure.code(), failure.message());
        publish(workspace, new WorkspaceSecuringFailed(workspace.name(), failure.step(), failure.code(), failure.message(), Instant.now()));
        store.reconciled(workspace, failure.retryable() ? SecuredWorkspace.Status.RETRYING : SecuredWorkspace.Status.FAILED,
                failure.step(), failure.code(), failure.message());
        return new PassOutcome(workspace.name(), pass, Result.FAILED, entries, failure, Instant.now());
    }

    private void publish(SecuredWorkspace workspace, Object event) {
        events.publish(SecurityTopics.EVENTS, workspace.name(), event).block(timeout);
    }
}
