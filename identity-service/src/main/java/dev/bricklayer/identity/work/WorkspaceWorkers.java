package dev.bricklayer.identity.work;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.lifecycle.AccessConvergence;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.onboarding.WorkspaceBootstrap;
import dev.bricklayer.identity.onboarding.WorkspaceChanges;
import dev.bricklayer.identity.permissions.GrantApplier;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * One worker per workspace, on a shared pool ({@code worker-threads}): many workspaces are worked on in parallel,
 * each by one worker at a time (and, across instances, by the one holding its lease). Woken by an HR or workspace
 * event, a worker waits {@code batch-window} so that a burst of joiners goes out together, then bootstraps the
 * workspace or converges its due people in batches and sets its due grants, and goes on while work is due. A timer
 * also looks for due work every {@code poll-interval} (retries after a pause, marks made by other instances) and
 * compares tags with the registry every {@code tags-refresh-interval}.
 */
public class WorkspaceWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceWorkers.class);
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);

    private final WorkspaceStore store;
    private final WorkspaceBootstrap bootstrap;
    private final AccessConvergence people;
    private final PendingPeople pending;
    private final GrantApplier grants;
    private final WorkspaceChanges changes;
    private final IdentityProperties properties;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final java.util.Set<String> working = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService timer;
    private volatile ExecutorService pool;
    private volatile boolean running;

    public WorkspaceWorkers(WorkspaceStore store, WorkspaceBootstrap bootstrap, AccessConvergence people, PendingPeople pending,
                            GrantApplier grants, WorkspaceChanges changes, IdentityProperties properties) {
        this.store = store;
        this.bootstrap = bootstrap;
        this.people = people;
        this.pending = pending;
        this.grants = grants;
        this.changes = changes;
        this.properties = properties;
    }

    /** Work may be waiting in {@code workspace}: its worker runs after the batch window. */
    public void wake(String workspace) {
        schedule(workspace, properties.batchWindow());
    }

    /** The workspace is gone: its worker stops. */
    public void forget(String workspace) {
        slots.remove(workspace);
    }

    private void schedule(String workspace, Duration delay) {
        ScheduledExecutorService scheduler = timer;
        if (!running || scheduler == null) {
            return;
        }
        Slot slot = slots.computeIfAbsent(workspace, k -> new Slot());
        if (slot.queued.compareAndSet(false, true)) {
            scheduler.schedule(() -> pool.execute(() -> run(workspace, slot)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            slot.again = true;
        }
    }

    private void run(String workspace, Slot slot) {
        boolean more = false;
        slot.again = false;
        working.add(workspace);
        try {
            more = cycle(workspace);
        } catch (RuntimeException e) {
            log.error("Workspace {}: worker cycle failed: {}", workspace, e.toString(), e);
        } finally {
            working.remove(workspace);
            slot.queued.set(false);
            if (more) {
                schedule(workspace, Duration.ZERO);
            } else if (slot.again) {
                schedule(workspace, properties.batchWindow());
            }
        }
    }

    /** One cycle; answers whether more is due at once. */
    private boolean cycle(String name) {
        if (!running || !store.lease(name, instance, properties.leaseDuration())) {
            return false;
        }
        Optional<WorkspaceRecord> found = store.find(name);
        if (found.isEmpty()) {
            return false;
        }
        WorkspaceRecord workspace = found.get();
        switch (workspace.status()) {
            case BOOTSTRAPPING -> {
                if (!workspace.dueAt().isAfter(java.time.Instant.now())) {
                    bootstrap.run(workspace);
                    // people marked while the grants were being set are served at once
                    return store.find(name).map(w -> w.status() == WorkspaceRecord.Status.READY).orElse(false) && pending.anyDue(name);
                }
                return false;
            }
            case READY -> {
                AccessConvergence.Batch outcome = people.converge(workspace);
                grants.applyDue(workspace);
                return outcome.people() >= properties.batchSize() || (outcome.people() > outcome.failed() && pending.anyDue(name));
            }
            default -> {
                return false;
            }
        }
    }

    private void tick() {
        try {
            store.withWorkDue().forEach(workspace -> schedule(workspace, Duration.ZERO));
        } catch (RuntimeException e) {
            log.warn("Looking for due work failed: {}", e.toString());
        }
    }

    /** A long cycle (a large back-fill under throttling) keeps its workspace: no other instance starts on it meanwhile. */
    private void renewLeases() {
        for (String workspace : working) {
            try {
                store.lease(workspace, instance, properties.leaseDuration());
            } catch (RuntimeException e) {
                log.warn("Workspace {}: lease not renewed: {}", workspace, e.toString());
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(threads("identity-timer"));
        pool = Executors.newFixedThreadPool(properties.workerThreads(), threads("identity-worker"));
        running = true;
        timer.scheduleWithFixedDelay(this::tick, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        long renew = Math.max(1, properties.leaseDuration().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> {
            try {
                changes.refreshTags().forEach(this::wake);
            } catch (RuntimeException e) {
                log.warn("Refreshing workspace tags failed: {}", e.toString());
            }
        }, properties.tagsRefreshInterval().toMillis(), properties.tagsRefreshInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        timer.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // one statement, waited for at most RELEASE_WAIT: with the database gone, the leases expire by themselves
        CompletableFuture<Integer> release = CompletableFuture.supplyAsync(() -> store.releaseAll(instance));
        try {
            log.debug("{} workspace leases released", release.get(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.info("Workspace leases not released at stop ({}); they expire by themselves", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the data source and the Kafka binder do. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static final class Slot {
        final AtomicBoolean queued = new AtomicBoolean();
        volatile boolean again;
    }
}
