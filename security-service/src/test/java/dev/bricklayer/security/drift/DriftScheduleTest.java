package dev.bricklayer.security.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import dev.bricklayer.common.work.Leases;
import dev.bricklayer.security.SecuredWorkspaces;
import dev.bricklayer.security.reconcile.PassOutcome;
import dev.bricklayer.security.state.SecuredWorkspace.Status;

/** The drift schedule's timing (Spring's {@code @Scheduled}) and its rounds, without waiting for time to pass. */
class DriftScheduleTest {

    /** Leases that are always free: every round of this one instance takes every workspace's. */
    private static final Leases FREE = new Leases(configuration -> Optional.of(() -> { }), "test");

    @Configuration
    @EnableScheduling
    static class Scheduled {

        static final AtomicInteger ROUNDS = new AtomicInteger();
        static final CountingPasses PASSES = new CountingPasses(() -> {
            ROUNDS.incrementAndGet();
            return List.of(SecuredWorkspaces.of("ws-any", Status.SECURED));
        });

        @Bean
        DriftSchedule driftSchedule() {
            return new DriftSchedule(PASSES, FREE, Duration.ofMinutes(7));
        }
    }

    @Test
    void roundsComeEveryDriftIntervalAndTheFirstOneIntervalAfterStart() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test",
                    Map.of("bricklayer.security.drift-interval", "7m")));
            context.register(Scheduled.class);
            context.refresh();

            List<FixedDelayTask> ticks = context.getBean(ScheduledTaskHolder.class).getScheduledTasks().stream()
                    .map(ScheduledTask::getTask).filter(FixedDelayTask.class::isInstance).map(FixedDelayTask.class::cast).toList();

            assertThat(ticks).singleElement().satisfies(tick -> {
                assertThat(tick.getIntervalDuration()).isEqualTo(Duration.ofMinutes(7));
                assertThat(tick.getInitialDelayDuration()).isEqualTo(Duration.ofMinutes(7));
            });
            assertThat(Scheduled.ROUNDS).hasValue(0);
        }
    }

    @Test
    void aRoundThatCannotStartIsLoggedAndTheNextOneGivesEachWorkspaceThatMayPassItsPass() {
        AtomicInteger rounds = new AtomicInteger();
        CountingPasses passes = new CountingPasses(() -> {
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("the store is down");
            }
            return List.of(SecuredWorkspaces.of("ws-secured", Status.SECURED), SecuredWorkspaces.of("ws-pending", Status.PENDING),
                    SecuredWorkspaces.of("ws-refused", Status.REFUSED), SecuredWorkspaces.of("ws-failed", Status.FAILED));
        });
        DriftSchedule schedule = new DriftSchedule(passes, FREE, Duration.ofMinutes(10));

        assertThatCode(schedule::tick).doesNotThrowAnyException();
        schedule.tick();

        assertThat(rounds).hasValue(2);
        assertThat(passes.ran("ws-secured")).isEqualTo(1);
        assertThat(passes.ran("ws-pending")).isEqualTo(1);
        assertThat(passes.ran()).isEqualTo(2);
    }

    @Test
    void aWorkspaceWhosePassHasNotFinishedIsLeftOutOfTheNextRound() {
        CountingPasses passes = new CountingPasses(() -> List.of(SecuredWorkspaces.of("ws-slow", Status.SECURED)));
        CompletableFuture<PassOutcome> running = new CompletableFuture<>();
        passes.answer = running;
        DriftSchedule schedule = new DriftSchedule(passes, FREE, Duration.ofMinutes(10));

        assertThat(schedule.round()).hasSize(1);
        assertThat(schedule.round()).isEmpty();
        running.complete(null);
        assertThat(schedule.round()).hasSize(1);
        assertThat(passes.ran("ws-slow")).isEqualTo(2);
    }
}
