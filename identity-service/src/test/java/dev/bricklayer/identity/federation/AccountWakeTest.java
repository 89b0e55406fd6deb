package dev.bricklayer.identity.federation;

import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.AccountScopeTestBase;

/**
 * A joiner of several account-scope workspaces is served in every one of them as soon as their account user is made:
 * the workspaces whose cycles found the account worked on by another worker are woken when it is done, not left to the
 * next poll (here 5 minutes, so only that wake can serve them in time). Its own JVM (Maven execution
 * {@code account-wake}): the poll interval is the application's.
 */
@Tag("account-wake")
class AccountWakeTest extends AccountScopeTestBase {

    private static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    @DynamicPropertySource
    static void noPollInTime(DynamicPropertyRegistry registry) {
        registry.add("test.poll-interval", () -> "5m");
    }

    @Test
    void workspacesWhoseJoinerWaitedForTheAccountUserAreServedOnceItIsMadeNotAtTheNextPoll() {
        List<EmulatedWorkspace> workspaces = List.of(
                readyAccountWorkspace(unique("ws-ac-wk"), internal(), accountScoped("standard")),
                readyAccountWorkspace(unique("ws-ac-wk"), internal(), accountScoped("standard")),
                readyAccountWorkspace(unique("ws-ac-wk"), internal(), accountScoped("standard")));
        awaitIdle();
        // the account user takes 1.5 s to make: the cycles of the other workspaces meet the account held and leave the
        // joiner waiting for it
        assertThat(admin("/admin/faults", Map.of("id", "slow-account-user", "method", "POST", "pathPattern", "/scim/v2/Users$",
                "kind", "LATENCY", "latency", "PT1.5S", "times", 1))).isBetween(200, 201);

        join("E-AW1", financeAnalyst(), T0);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(eventsOf("E-AW1", "UserProvisioned"))
                .extracting(e -> e.get("workspaceName").asText())
                .containsExactlyInAnyOrderElementsOf(workspaces.stream().map(EmulatedWorkspace::name).toList()));
    }
}
