package dev.bricklayer.security.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.security.ClusterPolicyApplied;
import dev.bricklayer.common.events.security.ClusterProvisioned;
import dev.bricklayer.common.events.security.DriftCorrected;
import dev.bricklayer.common.events.security.DriftDetected;
import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.security.WorkspaceSecuringFailed;
import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.security.clusters.ClusterReconciler;
import dev.bricklayer.security.ipaccess.IpAccessListInfo;
import dev.bricklayer.security.ipaccess.IpAccessListReconciler;
import dev.bricklayer.security.policies.ClusterPolicyReconciler;
import dev.bricklayer.security.reconcile.PassOutcome.Failure;
import dev.bricklayer.security.reconcile.PassOutcome.Pass;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspaceStore;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * The reconcile loop of one workspace — read, compare, converge, publish — in three passes:
 * <ul>
 *   <li>{@link #reconcile}: check the desired state (a refused one makes no call at all), read the workspace (GETs),
 *       write only what differs — IP access lists and {@code enableIpAccessLists}, then cluster policies
 *       ({@code ClusterPolicyApplied} for each), then clusters ({@code ClusterProvisioned} for each) — and announce
 *       {@code WorkspaceSecured}, or {@code WorkspaceSecuringFailed} with the step, code and message;</li>
 *   <li>{@link #drift}: the same comparison; nothing found means nothing published and nothing written; else
 *       {@code DriftDetected}, and in {@code enforce} mode the corrections and {@code DriftCorrected};</li>
 *   <li>{@link #inspect}: the comparison alone, reads only.</li>
 * </ul>
 * Runs on a worker thread (it blocks on each call); one pass at a time per workspace ({@link WorkspacePasses}).
 */
public class WorkspaceReconciler {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceReconciler.class);

    private final ApiClientFactory clients;
    private final SecuredWorkspaceStore store;
    private final EventPublisher events;
    private final DesiredStateChecks checks;
    private final IpAccessListReconciler ipAccessLists;
    private final ClusterPolicyReconciler policies;
    private final ClusterReconciler clusters;
    private final Duration timeout;

    public WorkspaceReconciler(ApiClientFactory clients, SecuredWorkspaceStore store, EventPublisher events,
                               DesiredStateChecks checks, IpAccessListReconciler ipAccessLists,
                               ClusterPolicyReconciler policies, ClusterReconciler clusters, Duration timeout) {
        this.clients = clients;
        this.store = store;
        this.events = events;
        this.checks = checks;
        this.ipAccessLists = ipAccessLists;
        this.policies = policies;
        this.clusters = clusters;
        this.timeout = timeout;
    }

    /** Converges the workspace to its desired state and announces the outcome. */
    public PassOutcome reconcile(SecuredWorkspace workspace) {
        DesiredState desired = workspace.desired();
        Planned planned;
        try {
            planned = plan(workspace);
        } catch (Refusal refusal) {
            return refused(workspace, Pass.RECONCILE, refusal);
        } catch (StepFailure failure) {
            return failed(workspace, Pass.RECONCILE, failure.failure, List.of());
        }
        try {
            keepBooks(workspace, planned);
            apply(planned.context, planned.lists.changes());
            apply(planned.context, planned.policies);
            for (ClusterPolicy policy : desired.clusterPolicies()) {
                publish(workspace, new ClusterPolicyApplied(workspace.name(), planned.context.policyId(policy.name()),
                        policy.name(), Instant.now()));
            }
            apply(planned.context, planned.clusters);
            for (ClusterSpec cluster : desired.clusters()) {
                ApplyContext.ExistingCluster existing = planned.context.cluster(cluster.name());
                publish(workspace, new ClusterProvisioned(workspace.name(), existing.clusterId(), cluster.name(),
                        existing.policyId(), Instant.now()));
            }
            publish(workspace, new WorkspaceSecured(workspace.name(), planned.lists.enabled(), planned.lists.lists(),
                    desired.clusterPolicies().size(), desired.clusters().size(), Instant.now()));
        } catch (StepFailure failure) {
            return failed(workspace, Pass.RECONCILE, failure.failure, planned.entries());
        }
        store.reconciled(workspace.name(), SecuredWorkspace.Status.SECURED, null, null, null);
        log.info("Workspace {} secured: {} change(s)", workspace.name(), planned.entries().size());
        return new PassOutcome(workspace.name(), Pass.RECONCILE, Result.SECURED, planned.entries(), null, Instant.now());
    }

    /**
     * Compares the workspace with its desired state. No difference: nothing published, nothing written. Else
     * {@code DriftDetected}; in {@code enforce} mode the differences are corrected and {@code DriftCorrected} follows.
     */
    public PassOutcome drift(SecuredWorkspace workspace) {
        Planned planned;
        try {
            planned = plan(workspace);
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
            apply(planned.context, planned.lists.changes());
            apply(planned.context, planned.policies);
            for (String name : names(planned.policies)) {
                publish(workspace, new ClusterPolicyApplied(workspace.name(), planned.context.policyId(name), name, Instant.now()));
            }
            apply(planned.context, planned.clusters);
            for (String name : names(planned.clusters)) {
                ApplyContext.ExistingCluster existing = planned.context.cluster(name);
                publish(workspace, new ClusterProvisioned(workspace.name(), existing.clusterId(), name, existing.policyId(),
                        Instant.now()));
            }
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
            List<DriftEntry> entries = plan(workspace).entries();
            return new PassOutcome(workspace.name(), Pass.INSPECT, entries.isEmpty() ? Result.IN_SYNC : Result.DRIFTED,
                    entries, null, Instant.now());
        } catch (Refusal refusal) {
            return new PassOutcome(workspace.name(), Pass.INSPECT, Result.REFUSED, List.of(),
                    new Failure(refusal.step(), refusal.code(), refusal.getMessage(), false), Instant.now());
        } catch (StepFailure failure) {
            return new PassOutcome(workspace.name(), Pass.INSPECT, Result.FAILED, List.of(), failure.failure, Instant.now());
        }
    }

    /** Checks (no call when refused), reads (GETs only) and compares; nothing is written. */
    private Planned plan(SecuredWorkspace workspace) {
        DesiredState desired = workspace.desired();
        checks.requireValid(desired);
        ApplyContext context = new ApplyContext(workspace.name(), WorkspaceApis.of(clients, workspace.target()),
                store.listBook(workspace.name()), timeout);
        Snapshot actual = read(context);
        IpAccessListReconciler.Plan lists = ipAccessLists.plan(desired, actual.ipAccessLists(), actual.enableIpAccessLists(),
                store.managedLists(workspace.name()));
        List<Change> policyChanges = policies.plan(desired.clusterPolicies(), actual.policies(), context);
        List<Change> clusterChanges = clusters.plan(desired.clusters(), actual.clusters(), context);
        return new Planned(context, lists, policyChanges, clusterChanges);
    }

    private Snapshot read(ApplyContext context) {
        WorkspaceApis apis = context.apis();
        try {
            return Mono.zip(apis.ipAccessLists().list(),
                            apis.ipAccessListsEnabled(),
                            apis.policies().list(), apis.clusters().list())
                    .map(all -> new Snapshot(all.getT1(), all.getT2().orElse(null), all.getT3(), all.getT4()))
                    .block(timeout);
        } catch (RuntimeException e) {
            throw new StepFailure(failure("read", e));
        }
    }

    /** Lists matched by label and type become Bricklayer's; remembered ids that are gone are forgotten. */
    private void keepBooks(SecuredWorkspace workspace, Planned planned) {
        for (IpAccessListInfo list : planned.lists.adopt()) {
            store.rememberList(workspace.name(), list.listId(), list.label(), list.listType());
        }
        for (String id : planned.lists.forget()) {
            store.forgetList(workspace.name(), id);
        }
    }

    private static void apply(ApplyContext context, List<Change> changes) {
        for (Change change : changes) {
            try {
                change.action().apply(context);
            } catch (RuntimeException e) {
                throw new StepFailure(failure(change.step(), e));
            }
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
        store.reconciled(workspace.name(), SecuredWorkspace.Status.REFUSED, refusal.step(), refusal.code(), refusal.getMessage());
        return new PassOutcome(workspace.name(), pass, Result.REFUSED, List.of(),
                new Failure(refusal.step(), refusal.code(), refusal.getMessage(), false), Instant.now());
    }

    private PassOutcome failed(SecuredWorkspace workspace, Pass pass, Failure failure, List<DriftEntry> entries) {
        log.warn("Securing {} failed at {} ({}): {}", workspace.name(), failure.step(), failure.code(), failure.message());
        publish(workspace, new WorkspaceSecuringFailed(workspace.name(), failure.step(), failure.code(), failure.message(), Instant.now()));
        store.reconciled(workspace.name(), failure.retryable() ? SecuredWorkspace.Status.RETRYING : SecuredWorkspace.Status.FAILED,
                failure.step(), failure.code(), failure.message());
        return new PassOutcome(workspace.name(), pass, Result.FAILED, entries, failure, Instant.now());
    }

    private void publish(SecuredWorkspace workspace, Object event) {
        events.publish(SecurityTopics.EVENTS, workspace.name(), event).block(timeout);
    }

    /** A failed call as the failure event tells it: the API's code and own message, or the transport error. */
    static Failure failure(String step, Throwable error) {
        Throwable cause = Exceptions.unwrap(error);
        if (cause instanceof ApiException api) {
            String code = api.errorCode() != null ? api.errorCode() : "HTTP_" + api.status();
            String message = api.serverMessage() != null && !api.serverMessage().isBlank() ? api.serverMessage() : api.getMessage();
            return new Failure(step, code, message, api.isRetryable() || api.status() >= 500);
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new Failure(step, "UNAVAILABLE", message, true);
    }

    /** A write or read that failed, with the step it belongs to. */
    private static final class StepFailure extends RuntimeException {
        final Failure failure;

        StepFailure(Failure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    /** The comparison of one pass: the clients, what to write, in order. */
    private record Planned(ApplyContext context, IpAccessListReconciler.Plan lists, List<Change> policies, List<Change> clusters) {

        List<DriftEntry> entries() {
            List<DriftEntry> entries = new ArrayList<>();
            lists.changes().forEach(change -> entries.addAll(change.entries()));
            policies.forEach(change -> entries.addAll(change.entries()));
            clusters.forEach(change -> entries.addAll(change.entries()));
            return entries;
        }
    }
}
