package dev.bricklayer.token.sweep;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.Leases.Lease;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.token.config.TokenServiceProperties;
import dev.bricklayer.token.sweep.SweepStore.Claim;
import dev.bricklayer.token.sweep.SweepStore.Open;
import dev.bricklayer.token.sweep.SweepStore.Trigger;
import dev.bricklayer.token.workspace.WorkspaceStore;

/**
 * Starts sweeps (on a schedule, on demand, after a policy was applied) and runs them, all on common's mechanisms:
 * <ul>
 *   <li>a workspace of a sweep is worked on only under its lease {@code sweep:<workspace>} ({@link Leases#acquire},
 *       held for {@code sweep-stale-after} and kept while the sweep runs), so no two instances sweep one workspace,
 *       and the rows of an instance that stopped are taken over once its leases expired;</li>
 *   <li>the sweep itself runs in the workspace's lane ({@link WorkspaceLanes}, after a policy being applied there),
 *       at most {@code sweep-parallelism} workspaces at once on this instance;</li>
 *   <li>Spring's {@code @Scheduled} looks for open rows every {@code sweep-poll-interval} (new sweeps also look at
 *       once) and starts the scheduled sweep every {@code sweep-interval}, on one instance of all
 *       ({@link Leases#acquireOncePer}).</li>
 * </ul>
 * At stop, running sweeps stop between two tokens and hand their workspace back, within {@code stop-timeout}.
 */
public class SweepService {

    private static final Logger log = LoggerFactory.getLogger(SweepService.class);
    private static final String SCHEDULE_LEASE = "sweep-schedule";

    private final SweepStore store;
    private final WorkspaceStore workspaces;
    private final WorkspaceSweeper sweeper;
    private final WorkspaceLanes lanes;
    private final Leases leases;
    private final TokenServiceProperties properties;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public SweepService(SweepStore store, WorkspaceStore workspaces, WorkspaceSweeper sweeper, WorkspaceLanes lanes, Leases leases,
                        TokenServiceProperties properties) {
        this.store = store;
        this.workspaces = workspaces;
        this.sweeper = sweeper;
        this.lanes = lanes;
        this.leases = leases;
        this.properties = properties;
    }

    /** Starts a sweep of every governed workspace, or of one; answers its id. */
    public String start(Trigger trigger, String requestedBy, String workspace) {
        List<String> names = workspace == null ? workspaces.namesWithPolicy() : List.of(workspace);
        String id = store.start(trigger, requestedBy, names);
        log.info("Sweep {} ({}) started over {} workspace(s)", id, trigger, names.size());
        poll();
        return id;
    }

    /** The schedule's tick; one that fails (the database away) is logged and the next comes. */
    @Scheduled(fixedRateString = "${bricklayer.token.sweep-interval:1h}", initialDelayString = "${bricklayer.token.sweep-interval:1h}")
    public void scheduledTick() {
        try {
            startScheduled();
        } catch (RuntimeException e) {
            log.warn("Scheduled sweep not started: {}", e.toString());
        }
    }

    /**
     * The scheduled sweep, unless another instance started it: the schedule's lease is held for nine tenths of an
     * interval, so every instance ticks but one sweep an interval starts.
     */
    public Optional<String> startScheduled() {
        Optional<Lease> lease = leases.acquireOncePer(SCHEDULE_LEASE, properties.sweepInterval().multipliedBy(9).dividedBy(10));
        return lease.map(held -> {
            String id = store.start(Trigger.SCHEDULED, "schedule", workspaces.namesWithPolicy());
            log.info("Scheduled sweep {} started", id);
            poll();
            return id;
        });
    }

    /**
     * Takes open workspace rows whose lease this instance gets, up to {@code sweep-parallelism} sweeps at once here,
     * and runs each in its workspace's lane.
     */
    @Scheduled(fixedDelayString = "${bricklayer.token.sweep-poll-interval:2s}")
    public synchronized void poll() {
        if (stopping) {
            return;
        }
        try {
            int free = properties.sweepParallelism() - running.size();
            for (Open open : store.open(free * 2 + 16, running.keySet())) {
                if (running.size() >= properties.sweepParallelism()) {
                    return;
                }
                if (!running.containsKey(open.workspace())) {
                    leases.acquire("sweep:" + open.workspace(), properties.sweepStaleAfter()).ifPresent(lease -> take(open, lease));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Cannot look for workspaces to sweep: {}", e.toString());
        }
    }

    private void take(Open open, Lease lease) {
        Optional<Claim> claim = store.take(open.sweepId(), open.workspace(), leases.instance());
        if (claim.isEmpty()) {
            lease.close(); // finished meanwhile by the instance that held it
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.put(open.workspace(), done);
        lanes.submit(open.workspace(), () -> Correlation.with(open.sweepId(),
                        () -> CallPriority.BACKGROUND.with(() -> run(claim.get(), lease))))
                .whenComplete((ignored, error) -> {
                    lease.close();
                    running.remove(open.workspace(), done);
                    done.complete(null);
                    poll();
                });
    }

    private Void run(Claim claim, Lease lease) {
        try {
            if (stopping) {
                throw new WorkspaceSweeper.Stopped();
            }
            sweeper.sweep(claim, () -> stopping || !lease.held());
        } catch (WorkspaceSweeper.Stopped stopped) {
            store.release(claim.sweepId(), claim.workspace(), leases.instance());
            log.info("Sweep {} of {} handed back: {}", claim.sweepId(), claim.workspace(),
                    stopping ? "the service is stopping" : "its lease was lost");
        } catch (RuntimeException e) {
            if (stopping) {
                // cut off by the shutdown: the row stays RUNNING and is taken over once the lease is gone
                log.info("Sweep {} of {} cut off by the shutdown: {}", claim.sweepId(), claim.workspace(), e.toString());
            } else {
                log.warn("Sweep {} of {} failed: {}", claim.sweepId(), claim.workspace(), e.toString());
                store.finished(claim.sweepId(), claim.workspace(), "FAILED", null, null, null, e.getMessage());
            }
        }
        return null;
    }

    /**
     * At stop, before the leases are released and the task executor goes: no more rows are taken, and running sweeps
     * stop between two tokens and hand their workspace back — waited for {@code stop-timeout} at most.
     */
    @EventListener(ContextClosedEvent.class)
    public void stop() {
        stopping = true;
        CompletableFuture<?>[] under = running.values().toArray(CompletableFuture[]::new);
        if (under.length == 0) {
            return;
        }
        Duration wait = properties.stopTimeout();
        try {
            CompletableFuture.allOf(under).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.info("{} workspace sweep(s) not handed back within {}: taken over when their leases expire", running.size(), wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This instance's name in the sweep rows ({@code claimed_by}) and in the leases. */
    public String instance() {
        return leases.instance();
    }

    /** Workspaces this instance sweeps now (for tests and metrics). */
    public int sweeping() {
        return running.size();
    }
}
