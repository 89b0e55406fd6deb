package dev.bricklayer.common.work;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

import dev.bricklayer.common.correlation.Correlation;

/**
 * Work on workspaces, one job at a time per workspace and in the order submitted, many workspaces in parallel on
 * the service's task executor (Spring Boot's {@code applicationTaskExecutor}: {@code spring.task.execution.*},
 * with its graceful shutdown). The submitter's correlation id goes with the job. A job that throws is logged and
 * completes its future exceptionally; the lane goes on with the next.
 *
 * <p>{@link #wake} asks for a job to run after a pause; wakes that come while one is waiting to start are folded
 * into it, and a wake during a run gives one more run after it — so a burst of events for a workspace costs a
 * run or two, not one per event.
 */
public final class WorkspaceLanes {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceLanes.class);

    private final Executor executor;
    private final TaskScheduler scheduler;
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> waiting = new ConcurrentHashMap<>();

    public WorkspaceLanes(Executor executor, TaskScheduler scheduler) {
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /** Runs {@code job} after every job submitted before for {@code workspace}. */
    public <T> CompletableFuture<T> submit(String workspace, Supplier<T> job) {
        String correlationId = Correlation.currentOrNew();
        CompletableFuture<T> result = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] created = new CompletableFuture[1];
        tails.compute(workspace, (key, tail) -> {
            CompletableFuture<?> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            created[0] = previous.handle((ignored, error) -> null).thenRunAsync(() -> {
                try {
                    result.complete(Correlation.with(correlationId, job));
                } catch (RuntimeException | Error e) {
                    log.error("Work on workspace {} failed", workspace, e);
                    result.completeExceptionally(e);
                }
            }, executor);
            return created[0];
        });
        created[0].whenComplete((ignored, error) -> tails.remove(workspace, created[0]));
        return result;
    }

    /** Runs {@code job} in the workspace's lane after {@code delay}, unless a run asked for earlier has not started yet. */
    public void wake(String workspace, Duration delay, Runnable job) {
        AtomicBoolean pending = waiting.computeIfAbsent(workspace, k -> new AtomicBoolean());
        if (!pending.compareAndSet(false, true)) {
            return; // the waiting run will see this wake's work too
        }
        String correlationId = Correlation.currentOrNew();
        Runnable start = () -> Correlation.run(correlationId, () -> submit(workspace, () -> {
            pending.set(false);
            job.run();
            return null;
        }));
        if (delay.isZero() || delay.isNegative()) {
            start.run();
        } else {
            scheduler.schedule(start, Instant.now().plus(delay));
        }
    }

    /** The workspace is gone: a wake waiting for it is forgotten (a run already queued still runs). */
    public void forget(String workspace) {
        waiting.remove(workspace);
    }

    /** Workspaces with a job queued or running (for tests and metrics). */
    public int busyLanes() {
        return (int) tails.values().stream().filter(tail -> !tail.isDone()).count();
    }
}
