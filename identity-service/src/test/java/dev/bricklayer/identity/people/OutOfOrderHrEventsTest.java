package dev.bricklayer.identity.people;

import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * Ordering that cannot be gamed: an event dated in the future is refused, a leaver is remembered even before its
 * joiner, and every valid event that does not count is announced as {@code HrEventIgnored} — identity-service decides
 * with the same rule as token-service ({@code HrEventOrder}).
 */
class OutOfOrderHrEventsTest extends IdentityServiceTestBase {

    private static final Instant T0 = Instant.parse("2025-12-01T08:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2999-01-01T00:00:00Z");

    @Test
    void aJoinerDatedInTheFutureIsRefusedAndALaterLeaverStillTakesEveryAccessAway() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-oo-std"), internal(), blueprint("standard"));
        EmulatedWorkspace restricted = readyWorkspace(unique("ws-oo-res"), confidential(), blueprint("restricted"));
        join("E-OO1", financeAnalyst(), T0);
        awaitActive(standard, userName("E-OO1"), "data-analysts");
        awaitActive(restricted, userName("E-OO1"), "restricted-analysts");

        join("E-OO1", financeAnalyst(), FAR_FUTURE);
        leave("E-OO1", T0.plusSeconds(3600));

        awaitInactive(standard, userName("E-OO1"));
        awaitInactive(restricted, userName("E-OO1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("E-OO1", "UserDeprovisioned")).hasSize(2)
                .allSatisfy(e -> assertThat(e.get("reason").asText()).isEqualTo("left")));
        assertThat(people.find("E-OO1").orElseThrow()).satisfies(person -> {
            assertThat(person.active()).isFalse();
            assertThat(person.lastEventAt()).isEqualTo(T0.plusSeconds(3600));
        });
        assertThat(deadLetters("E-OO1")).singleElement().satisfies(dead -> assertThat(header(dead, "x-exception-message"))
                .startsWith("future: /occurredAt [future] UserJoined occurredAt 2999-01-01T00:00:00Z is more than"));
        assertThat(eventsOf("E-OO1", "HrEventRejected")).singleElement().satisfies(rejected -> {
            assertThat(rejected.get("reason").asText()).isEqualTo("future");
            assertThat(rejected.get("eventType").asText()).isEqualTo("bricklayer.hr.UserJoined.v1");
            assertThat(rejected.at("/errors/0/field").asText()).isEqualTo("/occurredAt");
            assertThat(rejected.at("/errors/0/rule").asText()).isEqualTo("future");
        });
    }

    @Test
    void aLeaverBeforeItsJoinerIsRememberedSoTheOlderJoinerIsIgnoredAndTheyAreNeverProvisioned() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-oo-lj"), internal(), blueprint("standard"));

        leave("E-OO2", T0.plusSeconds(3600));
        join("E-OO2", seniorDataEngineer(), T0); // older: HR's joiner delivered after the leaver

        JsonNode ignored = await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf("E-OO2", "HrEventIgnored"), e -> !e.isEmpty()).get(0);
        assertThat(ignored.get("reason").asText()).isEqualTo("stale");
        assertThat(ignored.get("eventType").asText()).isEqualTo("bricklayer.hr.UserJoined.v1");
        assertThat(ignored.get("detail").asText()).contains(T0.toString()).contains("UserLeft at " + T0.plusSeconds(3600));
        assertThat(people.find("E-OO2").orElseThrow()).satisfies(person -> {
            assertThat(person.active()).isFalse();
            assertThat(person.lastEventType()).isEqualTo("UserLeft");
        });
        assertThat(user(standard, userName("E-OO2"))).isEmpty();
        assertThat(eventsOf("E-OO2", "UserProvisioned")).isEmpty();
        assertThat(deadLetters("E-OO2")).isEmpty();

        // rehired later: a newer joiner counts
        join("E-OO2", seniorDataEngineer(), T0.plusSeconds(7200));

        awaitActive(standard, userName("E-OO2"), "data-engineers");
    }

    @Test
    void theSameEventTwiceIsAnnouncedAsADuplicateAndChangesNothing() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-oo-dup"), internal(), blueprint("standard"));
        join("E-OO3", seniorDataEngineer(), T0);
        awaitActive(standard, userName("E-OO3"), "data-engineers");
        awaitSettled("E-OO3");
        long calls = callCount(standard);

        join("E-OO3", seniorDataEngineer(), T0);
        move("E-OO3", financeAnalyst(), seniorDataEngineer(), T0.minusSeconds(60)); // and an older one

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(eventsOf("E-OO3", "HrEventIgnored")).hasSize(2));
        assertThat(eventsOf("E-OO3", "HrEventIgnored")).extracting(e -> e.get("eventType").asText() + " " + e.get("reason").asText())
                .containsExactly("bricklayer.hr.UserJoined.v1 duplicate", "bricklayer.hr.UserMoved.v1 stale");
        assertThat(callCount(standard)).isEqualTo(calls);
        assertThat(eventsOf("E-OO3", "UserProvisioned")).hasSize(1);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return EmbeddedKafka.records(HrTopics.PEOPLE + ".dlq", 0, Duration.ofMillis(300)).stream().filter(r -> key.equals(r.key())).toList();
    }
}
