package dev.bricklayer.token.sweep;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.token.config.TokenServiceProperties;
import dev.bricklayer.token.sweep.SweepStore.Claim;
import dev.bricklayer.token.sweep.SweepStore.Trigger;
import dev.bricklayer.token.workspace.WorkspaceStore;

/**
 * Starts sweeps (on a schedule, on demand, after a policy was applied) and runs them: up to
 * {@code sweep-parallelism} workspaces at once, each paced by the common HTTP stack within its own budget. Workers
 * claim workspace rows from PostgreSQL and keep a heartbeat on them; rows of a stopped instance are taken over, so
 * a sweep interrupted by a restart resumes with the workspaces it had not finished.
 */
public class SweepService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SweepService.class);

    private final SweepStore store;
    private final WorkspaceStore workspaces;
    private final WorkspaceSweeper sweeper;
    private final TokenServiceProperties properties;
    private final String instance = UUID.randomUUID().toString();
    private final Semaphore slots;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean stopping;
    private ExecutorService workers;
    private ScheduledExecutorService timer;

    public SweepService(SweepStore store, WorkspaceStore workspaces, WorkspaceSweeper sweeper, TokenServiceProperties properties) {
        this.store = store;
        this.workspaces = workspaces;
        this.sweeper = sweeper;
        this.properties = properties;
        this.slots = new Semaphore(properties.sweepParallelism());
    }

    /** Starts a sweep of every governed workspace, or of one; answers its id. */
    public String start(Trigger trigger, String requestedBy, String workspace) {
        List<String> names = workspace == null ? workspaces.namesWithPolicy() : List.of(workspace);
        String id = store.start(trigger, requestedBy, names);
        log.info("Sweep {} ({}) started over {} workspace(s)", id, trigger, names.size());
        wake();
        return id;
    }

    /** The scheduled sweep, unless another instance has just started one. */
    public Optional<String> startScheduled() {
        Optional<String> id = store.startScheduled(properties.sweepInterval(), workspaces::namesWithPolicy);
        id.ifPresent(sweep -> {
            log.info("Scheduled sweep {} started", sweep);
            wake();
        });
        return id;
    }

    /** Looks for work now rather than at the next poll. */
    public void wake() {
        ScheduledExecutorService t = timer;
        if (running && t != null) {
            t.execute(this::poll);
        }
    }

    private void poll() {
        if (stopping) {
            return;
        }
        try {
            int free = slots.availablePermits();
            for (Claim claim : store.claim(instance, free, properties.sweepStaleAfter())) {
                slots.acquireUninterruptibly();
                workers.execute(() -> run(claim));
            }
        } catch (RuntimeException e) {
            log.warn("Cannot look for workspaces to sweep: {}", e.toString());
        }
    }

    private void run(Claim claim) {
        try {
            Correlation.run(claim.sweepId(), () -> sweeper.sweep(claim, () -> stopping || Thread.currentThread().isInterrupted()));
        } catch (WorkspaceSweeper.Stopped stopped) {
            store.release(claim.sweepId(), claim.workspace());
            log.info("Sweep {} of {} handed back: the service is stopping", claim.sweepId(), claim.workspace());
        } catch (RuntimeException e) {
            if (stopping) {
                // cut off by the shutdown: the claim goes stale and is resumed
                log.info("Sweep {} of {} cut off by the shutdown: {}", claim.sweepId(), claim.workspace(), e.toString());
            } else {
                log.warn("Sweep {} of {} failed: {}", claim.sweepId(), claim.workspace(), e.toString());
                store.finished(claim.sweepId(), claim.workspace(), "FAILED", null, null, null, e.getMessage());
            }
        } finally {
            slots.release();
            if (!stopping) {
                wake();
            }
        }
    }

    @Override
    public void start() {
        stopping = false;
        workers = Executors.newFixedThreadPool(properties.sweepParallelism(), r -> {
            Thread thread = new Thread(r, "sweep-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sweep-timer");
            thread.setDaemon(true);
            return thread;
        });
        long poll = properties.sweepPollInterval().toMillis();
        long heartbeat = Math.max(100, properties.sweepStaleAfter().toMillis() / 3);
        long interval = properties.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, 0, poll, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> {
            try {
                store.heartbeat(instance);
            } catch (RuntimeException e) {
                log.warn("Sweep heartbeat failed: {}", e.toString());
            }
        }, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> {
            try {
                startScheduled();
            } catch (RuntimeException e) {
                log.warn("Scheduled sweep not started: {}", e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
        log.info("Sweeps: every {}, {} workspace(s) at once (instance {})", properties.sweepInterval(), properties.sweepParallelism(), instance);
    }

    @Override
    public void stop() {
        stopping = true;
        running = false;
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the Kafka bindings and the web server, and stops after them. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 2000;
    }

    /** This instance's id in claims. */
    public String instance() {
        return instance;
    }
}
