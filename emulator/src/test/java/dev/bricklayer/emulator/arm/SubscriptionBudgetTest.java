package dev.bricklayer.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.bricklayer.emulator.server.EmulatorException;

class SubscriptionBudgetTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final SubscriptionBudget budget = new SubscriptionBudget(clock);

    @Test
    void readsAndWritesCountDownApartPerSubscription() {
        assertThat(budget.take("sub-a", false).getValue()).isEqualTo("11999");
        assertThat(budget.take("SUB-A", false).getValue()).isEqualTo("11998");
        assertThat(budget.take("sub-a", true)).satisfies(header -> {
            assertThat(header.getKey()).isEqualTo("x-ms-ratelimit-remaining-subscription-writes");
            assertThat(header.getValue()).isEqualTo("1199");
        });
        assertThat(budget.take("sub-b", false).getValue()).isEqualTo("11999");
    }

    @Test
    void beyondTheHoursWritesA429SaysWhenTheHourEndsAndTheNextHourStartsAfresh() {
        for (int i = 0; i < SubscriptionBudget.WRITES_PER_HOUR; i++) {
            budget.take("sub-a", true);
        }
        clock.now = clock.now.plus(Duration.ofMinutes(20));

        EmulatorException throttled = catchThrowableOfType(() -> budget.take("sub-a", true), EmulatorException.class);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().getFirst("Retry-After")).isEqualTo(String.valueOf(40 * 60));
        assertThat(budget.take("sub-a", false).getValue()).as("reads are counted apart").isEqualTo("11999");
        clock.now = clock.now.plus(Duration.ofMinutes(41));
        assertThat(budget.take("sub-a", true).getValue()).isEqualTo("1199");
    }
}
