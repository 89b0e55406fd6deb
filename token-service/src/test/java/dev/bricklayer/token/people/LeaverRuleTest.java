package dev.bricklayer.token.people;

import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.joined;
import static dev.bricklayer.servicetest.HrPeople.left;
import static dev.bricklayer.servicetest.HrPeople.moved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.hr.HrEventOrder;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.token.leaver.LeaverRevocation;

/** "Has this person left?" decided with common's HR ordering rule, as identity-service decides it. */
class LeaverRuleTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    /** The people table, in memory, with the same rule: a record not newer than what is kept changes nothing. */
    private final Map<String, Person> table = new ConcurrentHashMap<>();
    private final List<String> revoked = new ArrayList<>();
    private final LeaverRule rule = new LeaverRule(new PeopleStore(null) {
        @Override
        public Optional<Person> find(String employeeId) {
            return Optional.ofNullable(table.get(employeeId));
        }

        @Override
        public void record(Person person) {
            table.merge(person.employeeId(), person, (kept, next) -> next.occurredAt().isAfter(kept.occurredAt()) ? next : kept);
        }
    }, new HrEventOrder(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5)), new LeaverRevocation(null, null, null, 1) {
        @Override
        public Result revokeAll(UserLeft left) {
            revoked.add(left.employeeId() + "@" + left.occurredAt());
            return new Result(0, 0);
        }
    });

    @Test
    void anEventDatedBeyondTheClockSkewIsRefusedAsFutureAndChangesNothing() {
        assertThatThrownBy(() -> rule.joined(joined("E1", financeAnalyst(), Instant.parse("2999-01-01T00:00:00Z"))))
                .isInstanceOfSatisfying(UnprocessableEventException.class, e -> {
                    assertThat(e.reason()).isEqualTo("future");
                    assertThat(e.getMessage()).startsWith("future: /occurredAt [future] UserJoined occurredAt 2999-01-01T00:00:00Z");
                });
        assertThatThrownBy(() -> rule.left(left("E1", NOW.plus(Duration.ofMinutes(6))))).isInstanceOf(UnprocessableEventException.class);

        assertThat(table).isEmpty();
        assertThat(revoked).isEmpty();
    }

    @Test
    void aFutureJoinerDoesNotMakeTheLaterLeaverStale() {
        assertThatThrownBy(() -> rule.joined(joined("E2", financeAnalyst(), Instant.parse("2999-01-01T00:00:00Z"))));

        rule.left(left("E2", NOW));

        assertThat(revoked).containsExactly("E2@" + NOW);
        assertThat(table.get("E2").left()).isTrue();
    }

    @Test
    void aLeaverOfAPersonNeverSeenIsRevokedAndRememberedSoAnOlderJoinerIsStale() {
        rule.left(left("E3", NOW.minus(Duration.ofHours(1))));
        rule.joined(joined("E3", financeAnalyst(), NOW.minus(Duration.ofDays(1))));

        assertThat(revoked).containsExactly("E3@" + NOW.minus(Duration.ofHours(1)));
        assertThat(table.get("E3")).isEqualTo(new Person("E3", "UserLeft", NOW.minus(Duration.ofHours(1)), true));
    }

    @Test
    void aRehireNewerThanTheLeaverMakesAReplayOfTheOldLeaverRevokeNothing() {
        Instant leftAt = NOW.minus(Duration.ofHours(2));
        rule.left(left("E4", leftAt));
        rule.joined(joined("E4", financeAnalyst(), NOW.minus(Duration.ofHours(1))));

        rule.left(left("E4", leftAt));

        assertThat(revoked).containsExactly("E4@" + leftAt);
        assertThat(table.get("E4")).isEqualTo(new Person("E4", "UserJoined", NOW.minus(Duration.ofHours(1)), false));
    }

    @Test
    void aMoveOfSomeoneWhoLeftKeepsThemLeftAndAJoinerAfterItBringsThemBack() {
        rule.left(left("E5", NOW.minus(Duration.ofHours(3))));
        rule.moved(moved("E5", null, financeAnalyst(), NOW.minus(Duration.ofHours(2))));
        assertThat(table.get("E5")).isEqualTo(new Person("E5", "UserMoved", NOW.minus(Duration.ofHours(2)), true));

        rule.joined(joined("E5", financeAnalyst(), NOW.minus(Duration.ofHours(1))));
        assertThat(table.get("E5").left()).isFalse();
        rule.moved(moved("E6", null, financeAnalyst(), NOW));
        assertThat(table.get("E6")).isEqualTo(new Person("E6", "UserMoved", NOW, false));
    }

    @Test
    void theSameLeaverAgainChecksWhatIsLeftOfTheTokensOfSomeoneWhoHasLeft() {
        UserLeft leaver = left("E7", NOW.minus(Duration.ofMinutes(10)));

        rule.left(leaver);
        rule.left(leaver);

        // a replay, or a retry after a workspace could not be reached: the person has left, so it is checked again
        assertThat(revoked).containsExactly("E7@" + leaver.occurredAt(), "E7@" + leaver.occurredAt());
        assertThat(table.get("E7").left()).isTrue();
    }

    @Test
    void occurredAtIsKeptToTheMicrosecondAsPostgreSqlKeepsItSoTheSameEventReadAgainIsNotNewer() {
        rule.joined(joined("E8", financeAnalyst(), Instant.parse("2025-03-01T11:00:00.123456789Z")));
        // 0.2 µs later, within the same microsecond: not after the joiner as stored, so not applied
        rule.left(left("E8", Instant.parse("2025-03-01T11:00:00.123456989Z")));

        assertThat(table.get("E8")).isEqualTo(new Person("E8", "UserJoined", Instant.parse("2025-03-01T11:00:00.123456Z"), false));
        assertThat(revoked).isEmpty();
    }
}
