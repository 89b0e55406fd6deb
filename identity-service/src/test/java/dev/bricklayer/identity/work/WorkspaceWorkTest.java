package dev.bricklayer.identity.work;

import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static dev.bricklayer.servicetest.HrPeople.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.bricklayer.common.work.Leases;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;
import net.javacrumbs.shedlock.core.LockProvider;

/** Several instances never work on one workspace at once: the one holding the workspace's lease does, the others wait. */
class WorkspaceWorkTest extends IdentityServiceTestBase {

    private static final Instant T0 = Instant.parse("2025-11-01T08:00:00Z");

    @Autowired
    LockProvider leaseStore;

    @Test
    void whileAnotherInstanceHoldsTheWorkspacesLeaseItsPeopleWaitAndAreServedOnceItIsReleased() {
        EmulatedWorkspace standard = readyWorkspace(unique("ws-lease"), internal(), blueprint("standard"));
        Leases otherInstance = new Leases(leaseStore, "identity-service-other");
        Leases.Lease held = await().atMost(Duration.ofSeconds(10)).until(
                () -> otherInstance.acquire(WorkspaceWork.LEASE_PREFIX + standard.name(), Duration.ofMinutes(1)), Optional::isPresent).get();
        try {
            join("E-LS1", seniorDataEngineer(), T0);

            await().atMost(Duration.ofSeconds(10)).until(() -> pendingFor(standard.name(), "E-LS1"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> user(standard, userName("E-LS1")).isEmpty());
        } finally {
            held.close();
        }

        awaitActive(standard, userName("E-LS1"), "data-engineers");
        awaitSettled("E-LS1");
        assertThat(eventsOf("E-LS1", "UserProvisioned")).hasSize(1);
    }
}
