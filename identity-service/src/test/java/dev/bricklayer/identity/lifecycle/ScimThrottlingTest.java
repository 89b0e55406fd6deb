package dev.bricklayer.identity.lifecycle;

import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;

/** SCIM throttling (the emulator's fault injection) is absorbed: every joiner ends up provisioned, none is lost. */
class ScimThrottlingTest extends IdentityServiceTestBase {

    private static final Instant T0 = Instant.parse("2025-08-01T08:00:00Z");

    @Test
    void aThrottlingStormOnScimLosesNoJoiner() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-storm"), internal(), blueprint("standard"));
        assertThat(admin("/admin/faults", map("id", "storm", "kind", "THROTTLE", "workspace", standard.name(),
                "pathPattern", "^/api/2\\.0/preview/scim/", "probability", 0.7, "times", 30, "retryAfterSeconds", 1))).isEqualTo(201);
        List<String> joiners = IntStream.range(0, 16).mapToObj(i -> "E-ST" + i).toList();

        joiners.forEach(id -> join(id, i(id) % 2 == 0 ? seniorDataEngineer() : financeAnalyst(), T0));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> joiners.forEach(id -> assertThat(user(standard, userName(id))).get()
                .satisfies(u -> {
                    assertThat(u.active()).isTrue();
                    assertThat(u.groups()).containsExactly(i(id) % 2 == 0 ? "data-engineers" : "data-analysts");
                })));
        joiners.forEach(this::awaitSettled);
        long throttled = calls(standard, e -> e.status() == 429);
        assertThat(throttled).as("the storm happened").isGreaterThanOrEqualTo(10);
        assertThat(calls(standard, e -> e.status() == 429 && "storm".equals(e.fault()))).as("every 429 was the storm's, none of our own making")
                .isEqualTo(throttled);
        joiners.forEach(id -> assertThat(eventsOf(id, "UserProvisioned")).hasSize(1));
        assertThat(calls(standard, e -> e.method().equals("POST") && e.path().endsWith("/Users") && e.status() == 201)).isEqualTo(16);
    }

    @Test
    void aCallStillThrottledAfterTheHttpStacksRetriesIsTriedAgainLaterNotLost() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-retry"), internal(), blueprint("standard"));
        // more consecutive 429s on user creation than the HTTP stack retries (5 attempts)
        admin("/admin/faults", map("id", "creates", "kind", "THROTTLE", "workspace", standard.name(), "method", "POST",
                "pathPattern", "/Users$", "times", 7, "retryAfterSeconds", 1));

        join("E-RT1", seniorDataEngineer(), T0);

        awaitActive(standard, userName("E-RT1"), "data-engineers");
        awaitSettled("E-RT1");
        List<JournalEntry> creates = journal().find(e -> standard.name().equalsIgnoreCase(e.workspace()) && e.method().equals("POST")
                && e.path().endsWith("/Users"));
        assertThat(creates).extracting(JournalEntry::status).containsExactly(429, 429, 429, 429, 429, 429, 429, 201);
        assertThat(eventsOf("E-RT1", "UserProvisioned")).hasSize(1);
    }

    private static int i(String id) {
        return Integer.parseInt(id.substring(4));
    }
}
