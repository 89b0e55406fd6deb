package dev.bricklayer.security.drift;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.bricklayer.security.reconcile.PassOutcome;
import dev.bricklayer.security.reconcile.WorkspacePasses;
import dev.bricklayer.security.state.SecuredWorkspace;

/** The passes as the drift schedule sees them: the stored workspaces, and a count of the scheduled passes asked for. */
final class CountingPasses extends WorkspacePasses {

    private final Supplier<List<SecuredWorkspace>> stored;
    private final Map<String, AtomicInteger> scheduled = new ConcurrentHashMap<>();
    volatile CompletableFuture<PassOutcome> answer = CompletableFuture.completedFuture(null);

    CountingPasses(Supplier<List<SecuredWorkspace>> stored) {
        super(null, null, null, null, null, null, null);
        this.stored = stored;
    }

    @Override
    public List<SecuredWorkspace> workspaces() {
        return stored.get();
    }

    @Override
    public CompletableFuture<PassOutcome> scheduled(String workspace) {
        scheduled.computeIfAbsent(workspace, k -> new AtomicInteger()).incrementAndGet();
        return answer;
    }

    /** Scheduled passes asked for {@code workspace}. */
    int ran(String workspace) {
        AtomicInteger count = scheduled.get(workspace);
        return count == null ? 0 : count.get();
    }

    /** Scheduled passes asked for over all workspaces. */
    int ran() {
        return scheduled.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
