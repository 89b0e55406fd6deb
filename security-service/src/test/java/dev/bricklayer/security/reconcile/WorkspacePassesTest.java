package dev.bricklayer.security.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.security.MemoryLeaseStore;
import dev.bricklayer.security.SecuredWorkspaces;
import dev.bricklayer.security.reconcile.PassOutcome.Pass;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;
import dev.bricklayer.security.state.SecuredWorkspaceStore;

/** Every pass over a workspace runs in its lane: one at a time and in order per workspace, workspaces in parallel. */
class WorkspacePassesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final Map<String, SecuredWorkspace> stored = new java.util.concurrent.ConcurrentHashMap<>();
    private final FakeReconciler reconciler = new FakeReconciler();
    private final WorkspacePasses passes;

    /** The store as far as passes read it: the workspaces put in {@link #stored}. */
    private final class FakeStore extends SecuredWorkspaceStore {
        FakeStore() {
            super(null, null);
        }

        @Override
        public Optional<SecuredWorkspace> find(String name) {
            return Optional.ofNullable(stored.get(name));
        }
    }

    /** A reconciler whose passes do what each test says. */
    private static final class FakeReconciler extends WorkspaceReconciler {
        volatile Function<SecuredWorkspace, PassOutcome> reconcile = w -> outcome(w, Pass.RECONCILE, Result.SECURED);
        volatile Function<SecuredWorkspace, PassOutcome> drift = w -> outcome(w, Pass.DRIFT, Result.IN_SYNC);
        volatile Function<SecuredWorkspace, PassOutcome> inspect = w -> outcome(w, Pass.INSPECT, Result.IN_SYNC);

        FakeReconciler() {
            super(null, null, null, null);
        }

        @Override
        public PassOutcome reconcile(SecuredWorkspace workspace) {
            return reconcile.apply(workspace);
        }

        @Override
        public PassOutcome drift(SecuredWorkspace workspace) {
            return drift.apply(workspace);
        }

        @Override
        public PassOutcome inspect(SecuredWorkspace workspace) {
            return inspect.apply(workspace);
        }
    }

    WorkspacePassesTest() {
        executor.setCorePoolSize(4);
        executor.initialize();
        scheduler.initialize();
        passes = new WorkspacePasses(new FakeStore(), reconciler, new WorkspaceLanes(executor, scheduler),
                new Leases(new MemoryLeaseStore(), "security-test"), Duration.ofMinutes(1), Duration.ofSeconds(5), CLOCK);
    }

    @AfterEach
    void stop() {
        executor.shutdown();
        scheduler.shutdown();
    }

    private static PassOutcome outcome(SecuredWorkspace workspace, Pass pass, Result result) {
        return new PassOutcome(workspace.name(), pass, result, List.of(), null, CLOCK.instant());
    }

    @Test
    void passesOverOneWorkspaceRunOneAtATimeInTheOrderAsked() throws Exception {
        stored.put("ws-a", SecuredWorkspaces.of("ws-a", Status.SECURED));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        reconciler.inspect = workspace -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add("inspect-" + order.size());
            running.decrementAndGet();
            return outcome(workspace, Pass.INSPECT, Result.IN_SYNC);
        };
        reconciler.drift = workspace -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add("drift-" + order.size());
            running.decrementAndGet();
            return outcome(workspace, Pass.DRIFT, Result.IN_SYNC);
        };
        List<CompletableFuture<PassOutcome>> asked = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean drift = i % 3 == 0;
            asked.add(drift ? passes.onDemand("ws-a").orElseThrow() : passes.inspect("ws-a").orElseThrow());
            expected.add((drift ? "drift-" : "inspect-") + i);
        }

        CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(most.get()).isEqualTo(1);
        assertThat(order).containsExactlyElementsOf(expected);
    }

    @Test
    void workspacesGetTheirPassesInParallel() throws Exception {
        stored.put("ws-a", SecuredWorkspaces.of("ws-a", Status.SECURED));
        stored.put("ws-b", SecuredWorkspaces.of("ws-b", Status.SECURED));
        CountDownLatch both = new CountDownLatch(2);
        reconciler.inspect = workspace -> {
            both.countDown();
            try {
                return outcome(workspace, Pass.INSPECT, both.await(3, TimeUnit.SECONDS) ? Result.IN_SYNC : Result.FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };

        CompletableFuture<PassOutcome> a = passes.inspect("ws-a").orElseThrow();
        CompletableFuture<PassOutcome> b = passes.inspect("ws-b").orElseThrow();

        assertThat(a.get(5, TimeUnit.SECONDS).result()).isEqualTo(Result.IN_SYNC);
        assertThat(b.get(5, TimeUnit.SECONDS).result()).isEqualTo(Result.IN_SYNC);
    }

    @Test
    void aPassThatThrowsFailsItsFutureAndTheWorkspacesNextPassRuns() throws Exception {
        SecuredWorkspace workspace = SecuredWorkspaces.of("ws-a", Status.SECURED);
        stored.put("ws-a", workspace);
        AtomicInteger calls = new AtomicInteger();
        reconciler.inspect = w -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return outcome(w, Pass.INSPECT, Result.IN_SYNC);
        };

        CompletableFuture<PassOutcome> failing = passes.inspect("ws-a").orElseThrow();
        CompletableFuture<PassOutcome> next = passes.inspect("ws-a").orElseThrow();

        assertThat(next.get(5, TimeUnit.SECONDS).result()).isEqualTo(Result.IN_SYNC);
        assertThatThrownBy(failing::join).hasRootCauseMessage("boom");
    }

    @Test
    void theAskersCorrelationIdGoesWithThePass() throws Exception {
        SecuredWorkspace workspace = SecuredWorkspaces.of("ws-a", Status.SECURED);
        stored.put("ws-a", workspace);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        reconciler.inspect = w -> {
            seen.add(Correlation.current());
            return outcome(w, Pass.INSPECT, Result.IN_SYNC);
        };

        Correlation.with("corr-42", () -> passes.inspect("ws-a").orElseThrow()).get(5, TimeUnit.SECONDS);

        assertThat(seen).containsExactly("corr-42");
    }

    @Test
    void theScheduledPassIsADriftPassWhenSecuredAReconcileWhenPendingOrRetryingAndNothingOtherwise() throws Exception {
        for (Status status : Status.values()) {
            SecuredWorkspace workspace = SecuredWorkspaces.of("ws-" + status.name().toLowerCase(), status);
            stored.put(workspace.name(), workspace);
        }
        List<String> drifted = Collections.synchronizedList(new ArrayList<>());
        reconciler.drift = w -> {
            drifted.add(w.name());
            return outcome(w, Pass.DRIFT, Result.IN_SYNC);
        };

        Map<String, Result> results = new java.util.TreeMap<>();
        for (String name : stored.keySet()) {
            results.put(name, passes.scheduled(name).get(5, TimeUnit.SECONDS).result());
        }
        PassOutcome unknown = passes.scheduled("ws-unknown").get(5, TimeUnit.SECONDS);

        assertThat(results).containsExactlyInAnyOrderEntriesOf(Map.of("ws-secured", Result.IN_SYNC, "ws-pending", Result.SECURED,
                "ws-retrying", Result.SECURED, "ws-refused", Result.SKIPPED, "ws-failed", Result.SKIPPED));
        assertThat(unknown.result()).isEqualTo(Result.SKIPPED);
        assertThat(unknown.at()).isEqualTo(CLOCK.instant());
        assertThat(drifted).containsExactly("ws-secured");
    }
}
