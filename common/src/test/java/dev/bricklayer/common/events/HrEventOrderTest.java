package dev.bricklayer.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bricklayer.common.events.hr.HrEventOrder;
import dev.bricklayer.common.events.hr.HrEventOrder.Last;
import dev.bricklayer.common.events.hr.HrEventOrder.Verdict;

/** The one rule of which HR event about a person counts. */
class HrEventOrderTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final HrEventOrder ORDER = new HrEventOrder(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    @ParameterizedTest(name = "{0} at {1} after {2} at {3}: {4}")
    @CsvSource(nullValues = "-", textBlock = """
            UserJoined, 2026-12-03T11:00:00Z, -,          -,                    APPLY
            UserJoined, 2026-12-03T12:04:59Z, -,          -,                    APPLY
            UserJoined, 2999-01-01T00:00:00Z, -,          -,                    FUTURE
            UserLeft,   2026-12-03T12:06:00Z, UserJoined, 2026-12-01T00:00:00Z, FUTURE
            UserLeft,   2026-12-02T00:00:00Z, UserJoined, 2026-12-01T00:00:00Z, APPLY
            UserLeft,   2026-12-01T00:00:00Z, UserJoined, 2026-12-01T00:00:00Z, STALE
            UserJoined, 2026-11-30T00:00:00Z, UserLeft,   2026-12-01T00:00:00Z, STALE
            UserJoined, 2026-12-02T00:00:00Z, UserLeft,   2026-12-01T00:00:00Z, APPLY
            UserMoved,  2026-11-01T00:00:00Z, UserMoved,  2026-11-02T00:00:00Z, STALE
            """)
    void decides(String type, Instant occurredAt, String lastType, Instant lastAt, Verdict expected) {
        Optional<Last> last = lastType == null ? Optional.empty() : Optional.of(new Last(lastType, lastAt));

        HrEventOrder.Decision decision = ORDER.decide(last, type, occurredAt);

        assertThat(decision.verdict()).isEqualTo(expected);
        assertThat(decision.applies()).isEqualTo(expected == Verdict.APPLY);
        if (expected != Verdict.APPLY) {
            assertThat(decision.why()).contains(occurredAt.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"UserLeft, true", "UserJoined, false", "UserMoved, false"})
    void aPersonHasLeftWhenTheLastEventThatCountedIsALeaver(String type, boolean left) {
        assertThat(new Last(type, NOW).left()).isEqualTo(left);
    }
}
