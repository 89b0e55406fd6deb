package dev.bricklayer.security.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DriftScheduleTest {

    @Test
    void roundsComeEveryIntervalAndAFailingRoundDoesNotStopTheSchedule() {
        AtomicInteger rounds = new AtomicInteger();
        DriftSchedule schedule = new DriftSchedule(() -> {
            if (rounds.incrementAndGet() == 2) {
                throw new IllegalStateException("the store is down");
            }
        }, Duration.ofMillis(50));

        schedule.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() >= 4);
            assertThat(schedule.isRunning()).isTrue();
        } finally {
            schedule.stop();
        }
        int stoppedAt = rounds.get();
        assertThat(schedule.isRunning()).isFalse();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> rounds.get() <= stoppedAt + 1);
    }

    @Test
    void theFirstRoundComesOneIntervalAfterStart() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        DriftSchedule schedule = new DriftSchedule(rounds::incrementAndGet, Duration.ofSeconds(30));

        schedule.start();
        Thread.sleep(200);
        schedule.stop();

        assertThat(rounds.get()).isZero();
    }
}
