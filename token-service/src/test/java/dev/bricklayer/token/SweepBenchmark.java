package dev.bricklayer.token;

import static dev.bricklayer.token.TestWorkspaces.enforcing;
import static dev.bricklayer.token.TestWorkspaces.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;
import dev.bricklayer.token.sweep.SweepService;
import dev.bricklayer.token.sweep.SweepStore;

/**
 * A sweep over many seeded workspaces, each within the emulator's 30 requests/s budget (token-service's share:
 * 7.5/s per workspace), with 1 and with 8 workspaces in parallel. Prints tokens/s, revocations/s and the highest
 * request rate any one workspace saw. Run with
 * {@code ./mvnw -B -pl token-service -am -Pbenchmark test -Dtest=SweepBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class SweepBenchmark {

    static final int WORKSPACES = Integer.getInteger("benchmark.workspaces", 24);
    static final int TOKENS = Integer.getInteger("benchmark.tokens", 40);

    @Test
    void sweepOverManyWorkspaces() {
        EmbeddedKafka.createTopics(WorkspaceTopics.EVENTS, HrTopics.PEOPLE, TokenTopics.EVENTS, AuditTopics.API_CALLS);
        try (EmulatedAzure azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)))) {
            TestWorkspaces workspaces = new TestWorkspaces(azure);
            for (int parallelism : new int[] {1, 8}) {
                String database = EmbeddedPostgres.newDatabase("token_bench");
                try (ConfigurableApplicationContext app = TokenServiceInstance.start(azure, database, Map.of(
                        "bricklayer.token.sweep-parallelism", String.valueOf(parallelism), "bricklayer.token.sweep-poll-interval", "200ms",
                        "logging.level.dev.bricklayer", "WARN"))) {
                    List<String> names = new ArrayList<>();
                    for (int w = 0; w < WORKSPACES; w++) {
                        String name = "bench-p" + parallelism + "-" + w;
                        ReadyWorkspace ws = azure.deployWorkspace(name);
                        app.getBean(EventPublisher.class).publish(WorkspaceTopics.EVENTS, name, ready(ws, enforcing(List.of(), List.of())))
                                .block(Duration.ofSeconds(10));
                        names.add(name);
                    }
                    SweepStore store = app.getBean(SweepStore.class);
                    await().atMost(Duration.ofMinutes(5)).until(() -> names.stream().allMatch(n -> store.lastSwept(n).isPresent()));
                    for (String name : names) {
                        workspaces.seedUser(name, "bench@contoso.com", true);
                        for (int t = 0; t < TOKENS; t++) {
                            // every other token never expires: half of them are revoked
                            workspaces.seedToken(name, "bench@contoso.com", t % 2 == 0 ? null : Duration.ofDays(30), Duration.ZERO);
                        }
                    }
                    long journalBefore = azure.bean(Journal.class).all().size();
                    long started = System.nanoTime();
                    String sweepId = app.getBean(SweepService.class).start(SweepStore.Trigger.ON_DEMAND, "benchmark", null);
                    await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(50))
                            .until(() -> "COMPLETED".equals(store.find(sweepId).orElseThrow().status()));
                    double seconds = (System.nanoTime() - started) / 1e9;
                    SweepStore.Sweep sweep = store.find(sweepId).orElseThrow();
                    int scanned = sweep.workspaces().stream().mapToInt(w -> w.scanned() == null ? 0 : w.scanned()).sum();
                    int revoked = sweep.workspaces().stream().mapToInt(w -> w.revoked() == null ? 0 : w.revoked()).sum();
                    assertThat(revoked).isEqualTo(WORKSPACES * TOKENS / 2);
                    long peak = peakPerSecond(azure.bean(Journal.class), journalBefore);
                    System.out.printf("%nSWEEP BENCHMARK  parallelism %d: %d workspaces x %d tokens in %.1f s -> %.0f tokens/s, "
                                    + "%.0f revocations/s; highest rate seen by one workspace: %d requests in a second (budget 30, share 7.5)%n%n",
                            parallelism, WORKSPACES, TOKENS, seconds, scanned / seconds, revoked / seconds, peak);
                }
            }
        }
    }

    /** The most requests any one workspace received in one wall-clock second since {@code from}. */
    private static long peakPerSecond(Journal journal, long from) {
        Map<String, Long> perWorkspaceSecond = new java.util.HashMap<>();
        journal.all().stream().skip(from).filter(e -> e.workspace() != null)
                .forEach(e -> perWorkspaceSecond.merge(e.workspace() + "@" + e.time().getEpochSecond(), 1L, Long::sum));
        return perWorkspaceSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
