package dev.bricklayer.common.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.bricklayer.common.correlation.Correlation;

/** One job at a time per workspace, in order; workspaces in parallel; wakes folded together. */
class WorkspaceLanesTest {

    final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    final WorkspaceLanes lanes;

    WorkspaceLanesTest() {
        executor.setCorePoolSize(4);
        executor.initialize();
        scheduler.initialize();
        lanes = new WorkspaceLanes(executor, scheduler);
    }

    @AfterEach
    void stop() {
        executor.shutdown();
        scheduler.shutdown();
    }

    @Test
    void jobsOfOneWorkspaceRunOneAtATimeInOrderWithTheSubmittersCorrelationId() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<CompletableFuture<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            results.add(Correlation.with("corr-" + n, () -> lanes.submit("alpha", () -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                ran.add("job-" + n);
                inFlight.decrementAndGet();
                return Correlation.current();
            })));
        }

        for (int i = 0; i < 20; i++) {
            assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("corr-" + i);
        }
        assertThat(ran).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "job-" + i).toList());
        assertThat(mostInFlight).hasValue(1);
    }

    @Test
    void aFailedJobFailsItsFutureAndTheLaneGoesOn() throws Exception {
        CompletableFuture<Object> failed = lanes.submit("beta", () -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<String> next = lanes.submit("beta", () -> "next");

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(failed).isCompletedExceptionally();
    }

    @Test
    void workspacesRunInParallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        CompletableFuture<Boolean> a = lanes.submit("gamma", () -> awaitBoth(both));
        CompletableFuture<Boolean> b = lanes.submit("delta", () -> awaitBoth(both));

        assertThat(a.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void wakesWhileARunIsWaitingAreFoldedIntoItAndAWakeDuringARunGivesOneMore() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Runnable job = () -> {
            if (runs.incrementAndGet() == 1) {
                awaitLatch(release);
            }
        };

        for (int i = 0; i < 10; i++) {
            lanes.wake("epsilon", Duration.ofMillis(200), job);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        for (int i = 0; i < 10; i++) {
            lanes.wake("epsilon", Duration.ZERO, job); // during the first run
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2 && lanes.busyLanes() == 0);
        assertThat(runs).hasValue(2);
    }

    private static boolean awaitBoth(CountDownLatch both) {
        both.countDown();
        return awaitLatch(both);
    }

    private static boolean awaitLatch(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
