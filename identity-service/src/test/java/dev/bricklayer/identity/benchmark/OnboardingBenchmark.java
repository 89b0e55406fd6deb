package dev.bricklayer.identity.benchmark;

import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.seniorDataEngineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.IdentityServiceTestBase;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * Onboards N joiners into W emulated workspaces (the emulator's real limits: 30 requests/s per workspace, 4 SCIM
 * calls at once) and prints calls per person, the requests/s achieved against the W×30 ceiling and identity-service's
 * 40 % share of it, the share of calls answered 429, and p50/p99 from HR event published to the user active in
 * its group in every workspace. Not a timed test: it asserts only that everyone was provisioned.
 *
 * <p>{@code ./mvnw -B -pl identity-service -am -Pbenchmark test -Dtest=OnboardingBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbenchmark.joiners=200 -Dbenchmark.workspaces=4]}
 */
@Tag("benchmark")
class OnboardingBenchmark extends IdentityServiceTestBase {

    private static final int JOINERS = Integer.getInteger("benchmark.joiners", 200);
    private static final int WORKSPACES = Integer.getInteger("benchmark.workspaces", 4);
    private static final double BUDGET = 30;
    private static final double SHARE = 0.40;

    @Test
    void onboardJoinersIntoWorkspaces() {
        List<EmulatedWorkspace> workspaces = new ArrayList<>();
        for (int w = 0; w < WORKSPACES; w++) {
            workspaces.add(readyWorkspace(unique("ws-bench"), internal(), blueprint("standard")));
        }
        Set<String> names = workspaces.stream().map(w -> w.name().toLowerCase()).collect(Collectors.toSet());
        long journalFrom = azure.mark();
        int identityOffset = EmbeddedKafka.records(IdentityTopics.EVENTS, 0, Duration.ofMillis(300)).size();
        Instant base = Instant.parse("2025-10-01T08:00:00Z");
        Map<String, Long> publishedAt = new HashMap<>();

        long start = System.nanoTime();
        Instant wallStart = Instant.now();
        for (int i = 0; i < JOINERS; i++) {
            String id = "E-BM" + i;
            publishedAt.put(id, System.currentTimeMillis());
            publisher.publish(dev.bricklayer.common.events.hr.HrTopics.PEOPLE, id,
                    joined(id, i % 2 == 0 ? seniorDataEngineer() : financeAnalyst(), base.plusMillis(i))).subscribe();
        }
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200)).until(() -> workspaces.stream().allMatch(w ->
                w.identities().users().values().stream().filter(u -> u.path("userName").asText().startsWith("e-bm")).count() == JOINERS
                        && everyoneInGroups(w)));
        double seconds = (System.nanoTime() - start) / 1e9;

        // HR event published → UserProvisioned in the last of the workspaces (broker timestamps)
        Map<String, Long> lastProvisioned = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> events = EmbeddedKafka.records(IdentityTopics.EVENTS, identityOffset + JOINERS * WORKSPACES,
                Duration.ofSeconds(60));
        for (ConsumerRecord<String, byte[]> record : events.subList(identityOffset, events.size())) {
            if (header(record, "ce_type").endsWith("UserProvisioned.v1")) {
                String employee = json(record.value()).get("employeeId").asText();
                lastProvisioned.merge(employee, record.timestamp(), Math::max);
            }
        }
        assertThat(lastProvisioned).hasSize(JOINERS);
        long[] latencies = lastProvisioned.entrySet().stream().mapToLong(e -> e.getValue() - publishedAt.get(e.getKey())).sorted().toArray();

        List<JournalEntry> calls = journal().all().stream().filter(e -> e.sequence() > journalFrom && e.workspace() != null
                && names.contains(e.workspace().toLowerCase())).toList();
        long throttled = calls.stream().filter(e -> e.status() == 429).count();
        Instant first = calls.stream().map(JournalEntry::time).min(Instant::compareTo).orElse(wallStart);
        Instant last = calls.stream().map(JournalEntry::time).max(Instant::compareTo).orElse(Instant.now());
        double callSeconds = Math.max(0.001, Duration.between(first, last).toMillis() / 1000.0);
        double rate = calls.size() / callSeconds;
        Map<String, Long> byKind = calls.stream().collect(Collectors.groupingBy(e -> e.method() + " " + e.path()
                .replaceAll("/Groups/\\d+", "/Groups/{id}").replaceAll("/Users/\\d+", "/Users/{id}"), java.util.TreeMap::new, Collectors.counting()));

        System.out.printf("%n=== identity-service onboarding benchmark ===%n");
        System.out.printf("joiners %d, workspaces %d (each joiner in every workspace): %d users provisioned in %.1f s%n",
                JOINERS, WORKSPACES, JOINERS * WORKSPACES, seconds);
        System.out.printf("calls: %d = %.3f per person (%.3f per person and workspace)%n", calls.size(), calls.size() / (double) JOINERS,
                calls.size() / (double) (JOINERS * WORKSPACES));
        byKind.forEach((kind, count) -> System.out.printf("    %-55s %6d%n", kind, count));
        System.out.printf("requests/s: %.1f over %.1f s = %.0f %% of the %d-workspace ceiling (%.0f/s), %.0f %% of identity-service's share (%.1f/s)%n",
                rate, callSeconds, 100 * rate / (WORKSPACES * BUDGET), WORKSPACES, WORKSPACES * BUDGET,
                100 * rate / (WORKSPACES * BUDGET * SHARE), WORKSPACES * BUDGET * SHARE);
        System.out.printf("answered 429: %d of %d = %.2f %%%n", throttled, calls.size(), 100.0 * throttled / Math.max(1, calls.size()));
        System.out.printf("HR event published -> active in every workspace: p50 %.2f s, p99 %.2f s, max %.2f s%n",
                percentile(latencies, 50) / 1000.0, percentile(latencies, 99) / 1000.0, latencies[latencies.length - 1] / 1000.0);
        System.out.printf("=============================================%n%n");
    }

    private static boolean everyoneInGroups(EmulatedWorkspace workspace) {
        var identities = workspace.identities();
        synchronized (identities) {
            long members = Arrays.asList("data-engineers", "data-analysts").stream()
                    .mapToLong(g -> identities.groupByName(g).map(n -> (long) n.withArray("members").size()).orElse(0L)).sum();
            return members == JOINERS;
        }
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
