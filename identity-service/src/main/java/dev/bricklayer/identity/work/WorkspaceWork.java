package dev.bricklayer.identity.work;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.identity.federation.AccountUsersConverged;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.lifecycle.AccessConvergence;
import dev.bricklayer.identity.lifecycle.IdentityScopes;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.onboarding.WorkspaceBootstrap;
import dev.bricklayer.identity.onboarding.WorkspaceChanges;
import dev.bricklayer.identity.permissions.GrantApplier;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * The workspaces' work, on the common mechanisms: one cycle at a time per workspace and many workspaces in parallel
 * ({@link WorkspaceLanes} on Spring Boot's task executor, {@code spring.task.execution.pool.core-size}), and — across
 * instances — only by the instance holding the workspace's lease ({@link Leases}: {@code identity:<workspace>} for
 * {@code lease-duration}, kept while the cycle lasts). Woken by an HR or workspace event, a workspace's cycle starts at
 * once and takes what is due then; what arrives while it runs is taken by the next cycle, right after it (group
 * commit: a lone joiner goes out at once, a burst still costs about one call per person). A cycle bootstraps the
 * workspace (its calls of the class {@code ONBOARDING}) or converges its due people (people's {@code LIFECYCLE}) and
 * sets its due grants ({@code ONBOARDING}); when more is due at once, the next cycle follows at once. Every
 * {@code poll-interval} due work is looked for (retries after a pause, marks made by other instances), and every
 * {@code tags-refresh-interval} workspaces' tags are compared with the registry.
 */
public class WorkspaceWork {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceWork.class);
    static final String LEASE_PREFIX = "identity:";

    private final WorkspaceLanes lanes;
    private final Leases leases;
    private final WorkspaceStore store;
    private final WorkspaceBootstrap bootstrap;
    private final IdentityScopes scopes;
    private final PendingPeople pending;
    private final GrantApplier grants;
    private final WorkspaceChanges changes;
    private final IdentityProperties properties;
    private final Clock clock;

    public WorkspaceWork(WorkspaceLanes lanes, Leases leases, WorkspaceStore store, WorkspaceBootstrap bootstrap, IdentityScopes scopes,
                         PendingPeople pending, GrantApplier grants, WorkspaceChanges changes, IdentityProperties properties, Clock clock) {
        this.lanes = lanes;
        this.leases = leases;
        this.store = store;
        this.bootstrap = bootstrap;
        this.scopes = scopes;
        this.pending = pending;
        this.grants = grants;
        this.changes = changes;
        this.properties = properties;
        this.clock = clock;
    }

    /** Work may be waiting in {@code workspace}: a cycle runs now, or right after the one under way. */
    public void wake(String workspace) {
        lanes.wake(workspace, Duration.ZERO, () -> run(workspace));
    }

    /** The workspace is gone: a wake waiting for it is forgotten. */
    public void forget(String workspace) {
        lanes.forget(workspace);
    }

    /** Wakes every workspace with work due now: retries whose pause is over, work marked by other instances. */
    @Scheduled(fixedDelayString = "${bricklayer.identity.poll-interval:2s}")
    public void dueWork() {
        try {
            store.withWorkDue().forEach(workspace -> lanes.wake(workspace, Duration.ZERO, () -> run(workspace)));
        } catch (RuntimeException e) {
            log.warn("Looking for due work failed: {}", e.toString());
        }
    }

    /**
     * People's account users were just made or changed: the workspaces whose people waited for them (their cycle met
     * the account worked on by another) are woken now, not at the next poll.
     */
    @EventListener
    public void accountUsersConverged(AccountUsersConverged converged) {
        dueWork();
    }

    /** Compares workspaces' tags with the registry; where they changed, everyone is re-evaluated. */
    @Scheduled(initialDelayString = "${bricklayer.identity.tags-refresh-interval:30s}",
            fixedDelayString = "${bricklayer.identity.tags-refresh-interval:30s}")
    public void refreshTags() {
        try {
            changes.refreshTags().forEach(this::wake);
        } catch (RuntimeException e) {
            log.warn("Refreshing workspace tags failed: {}", e.toString());
        }
    }

    private void run(String workspace) {
        boolean more;
        try {
            more = cycle(workspace);
        } catch (RuntimeException e) {
            log.error("Workspace {}: work cycle failed: {}", workspace, e.toString(), e);
            return;
        }
        if (more) {
            lanes.wake(workspace, Duration.ZERO, () -> run(workspace));
        }
    }

    /** One cycle under the workspace's lease; answers whether more is due at once. */
    private boolean cycle(String name) {
        Optional<Leases.Lease> lease = leases.acquire(LEASE_PREFIX + name, properties.leaseDuration());
        if (lease.isEmpty()) {
            log.debug("Workspace {} is worked on by another instance", name);
            return false;
        }
        try (Leases.Lease held = lease.get()) {
            Optional<WorkspaceRecord> found = store.find(name);
            if (found.isEmpty()) {
                return false;
            }
            WorkspaceRecord workspace = found.get();
            return switch (workspace.status()) {
                case BOOTSTRAPPING -> CallPriority.ONBOARDING.with(() -> bootstrap(workspace));
                case READY -> {
                    AccessConvergence.Batch batch = CallPriority.LIFECYCLE.with(() -> scopes.of(workspace).people(workspace));
                    CallPriority.ONBOARDING.run(() -> grants.applyDue(workspace));
                    CallPriority.ONBOARDING.run(() -> scopes.of(workspace).objects(workspace));
                    yield batch.people() >= properties.batchSize() || (batch.people() > batch.failed() && pending.anyDue(name));
                }
                case FAILED -> false;
            };
        }
    }

    private boolean bootstrap(WorkspaceRecord workspace) {
        if (workspace.dueAt().isAfter(clock.instant())) {
            return false;
        }
        bootstrap.run(workspace);
        // people marked while the grants were being set are served at once
        return store.find(workspace.name()).map(w -> w.status() == WorkspaceRecord.Status.READY).orElse(false)
                && pending.anyDue(workspace.name());
    }
}
