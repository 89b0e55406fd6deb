package dev.bricklayer.security.reconcile;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.correlation.Correlation;

/**
 * Work on workspaces, on worker threads: one job at a time per workspace, in the order submitted, and workspaces in
 * parallel (as many as there are workers). The submitter's correlation id goes with the job. A job that throws is
 * logged and completes its future exceptionally; the lane goes on with the next.
 */
public final class WorkspaceLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceLanes.class);

    private final ExecutorService workers;
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    public WorkspaceLanes(ExecutorService workers) {
        this.workers = workers;
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
            }, workers);
            return created[0];
        });
        created[0].whenComplete((ignored, error) -> tails.remove(workspace, created[0]));
        return result;
    }

    /** Jobs submitted and not yet finished, over all workspaces (for tests and metrics). */
    public int busyLanes() {
        return (int) tails.values().stream().filter(tail -> !tail.isDone()).count();
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
