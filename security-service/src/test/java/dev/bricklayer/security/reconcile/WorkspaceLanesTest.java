package dev.bricklayer.security.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bricklayer.common.correlation.Correlation;

class WorkspaceLanesTest {

    private final WorkspaceLanes lanes = new WorkspaceLanes(Executors.newFixedThreadPool(4));

    @AfterEach
    void stop() {
        lanes.close();
    }

    @Test
    void jobsOfOneWorkspaceRunOneAtATimeInTheOrderSubmitted() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<CompletableFuture<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            jobs.add(lanes.submit("ws-a", () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(5);
                order.add(n);
                running.decrementAndGet();
                return n;
            }));
        }

        CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(most.get()).isEqualTo(1);
        assertThat(order).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void workspacesRunInParallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        CompletableFuture<Boolean> a = lanes.submit("ws-a", () -> await(both));
        CompletableFuture<Boolean> b = lanes.submit("ws-b", () -> await(both));

        assertThat(a.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingJobFailsItsFutureAndTheLaneGoesOn() throws Exception {
        CompletableFuture<String> failing = lanes.submit("ws-a", () -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<String> next = lanes.submit("ws-a", () -> "next");

        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(failing).isCompletedExceptionally();
        try {
            failing.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).hasMessage("boom");
        }
    }

    @Test
    void theSubmittersCorrelationIdGoesWithTheJob() throws Exception {
        String seen = Correlation.with("corr-42", () -> {
            try {
                return lanes.submit("ws-a", Correlation::current).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(seen).isEqualTo("corr-42");
    }

    private static boolean await(CountDownLatch latch) {
        latch.countDown();
        try {
            return latch.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
